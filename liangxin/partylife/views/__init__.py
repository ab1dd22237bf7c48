"""Pages of party life, one module per area; liangxin/partylife/urls.py imports the
modules."""
