"""Pages of the duties, one module per area; liangxin/duties/urls.py imports the modules."""
