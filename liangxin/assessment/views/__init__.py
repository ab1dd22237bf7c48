"""Pages of the assessment, one module per area; liangxin/assessment/urls.py imports the
modules."""
