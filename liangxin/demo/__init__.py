"""The demo county and the scale data sets (`manage.py seed_demo`); see `builder`."""
