#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    # A checkout without a SECRET_KEY is a developer's: run management commands in development
    # mode. Production always sets SECRET_KEY (and DEBUG=0), so nothing changes there.
    if not (os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE")):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
