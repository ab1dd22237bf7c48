"""Every cockpit page from a summary in the shared cache ("shared": Redis with several app
servers), never older than what it summarises allows:

- Province and city: the cockpit sums a whole province (100,000 organizations, a year of
  visits), seconds of work every leader opening the page would otherwise wait for. The summary
  is kept under the viewer's visibility and the page's filters for COCKPIT_SNAPSHOT_SECONDS,
  recomputed every 10 minutes by the scheduled job `jobs.warm_cockpits` (and after
  `refresh_facts`); the page says when it was computed and offers 立即刷新 (`?fresh=1`).
- County and committee, where people act on the numbers: the summary is keyed by the newest
  audit entry of the county and the regions above it (every service write logs one, STYLE §10)
  and by today's date, so any recorded change or a new day computes it afresh; in between,
  the dozen grouped queries are not repeated on every visit. COCKPIT_SNAPSHOT_SECONDS bounds
  how long a change made outside the services (a database edit by hand) can go unseen.

A cache that cannot be reached counts as a miss: the page is computed live, never an error.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from liangxin.core.audit import latest_write
from liangxin.core.models import Role

log = logging.getLogger(__name__)

LEVELS = ("province", "city")  # kept for a time and warmed by the job
VERSION = 2


def _viewer(user) -> str:
    """Who sees the same summary: every superuser alike; otherwise one role in one region."""
    return "su" if user.is_superuser else f"{user.role}:{user.region_id}"


def applies(level) -> bool:
    """Is this a province or city summary (kept for a time, warmed by the job)?"""
    return level.kind in LEVELS


def key(level) -> str:
    """Everything the summary depends on: who may see what (superuser, or role and region;
    province and city levels are reached only by region-wide roles) and the page's filters;
    below a city, the viewer themself, today and the county's newest recorded write."""
    scope = level.scope
    base = (
        f"cockpit:v{VERSION}:{_viewer(scope.user)}:{level.region.code if level.region else '-'}"
        f":{scope.committee_id or '-'}"
        f":{scope.year}-{scope.month:02d}"
    )
    if applies(level) or level.region is None:
        return base
    today = timezone.localdate()
    return f"{base}:u{scope.user.pk}:{today:%Y%m%d}:w{latest_write(level.region.code)}"


def _cache():
    return caches["shared"]


def summary(level) -> dict:
    """Everything the cockpit shows for a level, as plain data (picklable): the cards rendered
    to HTML, the ranking rows (without links: those depend on the page mode), the charts."""
    from liangxin.dashboard.cockpit import data

    scope = level.scope
    cards, grades = data.cards(scope)
    return {
        "cards_html": render_to_string(
            "dashboard/_cockpit_cards.html",
            {
                "cards": cards,
                "grades": grades,
                "flag_duration": data.flag_duration(scope),
            },
        ),
        "ranking": data.rankings(level),
        "trend": data.trend(level),
        "heatmap": data.heatmap(level),
        "map": data.map_data(level),
        "generated_at": timezone.localtime(),
        "cached": False,
    }


def get(level, *, fresh: bool = False) -> dict:
    """The level's summary: from the cache if there and not `fresh`, else computed now and
    kept for the next view."""
    k = key(level)
    if not fresh:
        try:
            found = _cache().get(k)
        except Exception:  # an unreachable cache is a miss, not an error page
            log.warning("cockpit snapshot cache unavailable", exc_info=True)
            found = None
        if found is not None:
            found["cached"] = True
            return found
    body = summary(level)
    try:
        _cache().set(k, body, settings.COCKPIT_SNAPSHOT_SECONDS)
    except Exception:
        log.warning("cockpit snapshot cache unavailable", exc_info=True)
    return body


def viewers():
    """One user per distinct province- or city-level view: active superusers, and county
    admins and auditors whose region is a province or a city."""
    from liangxin.core.models import User

    seen, out = set(), []
    users = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(role__in=(Role.COUNTY_ADMIN, Role.AUDITOR), region__code__endswith="00")
    )
    for user in users.order_by("pk"):
        viewer = _viewer(user)
        if viewer not in seen:
            seen.add(viewer)
            out.append(user)
    return out


def warm() -> int:
    """Recompute the summary of every distinct province and city view, this month (the
    scheduled job); returns how many were computed."""
    from liangxin.core import figures
    from liangxin.core.figures import Scope
    from liangxin.dashboard.cockpit.levels import resolve

    done = 0
    for user in viewers():
        with figures.evaluation():
            level = resolve(Scope.current(user))
            if applies(level):
                get(level, fresh=True)
                done += 1
    return done
