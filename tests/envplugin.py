"""Loaded with `-p` before Django's settings: tests use the development defaults."""

import os

os.environ.setdefault("DEBUG", "1")
