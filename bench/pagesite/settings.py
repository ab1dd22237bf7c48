"""Production settings plus one bare Django view, for bench/pages.py (never deployed)."""

from liangxin.settings import *  # noqa: F403

ROOT_URLCONF = "pagesite.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "pagesite"]  # noqa: F405
