"""Loaded with `-p` before Django's settings: tests use the development defaults."""

import os

os.environ.setdefault("DEBUG", "1")

# Property tests judge correctness, not speed: on a loaded CI machine Hypothesis's timing health
# check and per-example deadline fail tests whose logic is fine.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "liangxin", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("liangxin")
