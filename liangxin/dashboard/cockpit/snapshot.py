"""Every cockpit page from a summary in the shared cache ("shared": Redis with several app
servers), never older than what it summarises allows:

- Province and city: the cockpit sums a whole province (100,000 organizations, a year of
  visits), seconds of work every leader opening the page would otherwise wait for. The summary
  is kept under the viewer's visibility and the page's filters for COCKPIT_SNAPSHOT_SECONDS,
  recomputed every 10 minutes by the scheduled job `jobs.warm_cockpits` (and after
  `refresh_facts`); the page says when it was computed and offers 立即刷新 (`?fresh=1`).
- County and committee, where people act on the numbers: until anything in the county is
  recorded or the day ends (core.summaries); in between, the dozen grouped queries are not
  repeated on every visit.

A cache that cannot be reached counts as a miss: the page is computed live, never an error.
"""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import json_script

from liangxin.core import summaries
from liangxin.core.models import Role
from liangxin.coverage.services import kept_trend

LEVELS = ("province", "city")  # kept for a time and warmed by the job
VERSION = 4


def applies(level) -> bool:
    """Is this a province or city summary (kept for a time, warmed by the job)?"""
    return level.kind in LEVELS


def key(level) -> str:
    """Everything the summary depends on (core.summaries adds the day and the newest write
    below a city): who may see what (`summaries.viewer`) and the page's filters."""
    scope = level.scope
    return summaries.key(
        f"cockpit:v{VERSION}",
        level.region.code if level.region else None,
        summaries.viewer(scope.user),
        scope.committee_id or "-",
        f"{scope.year}-{scope.month:02d}",
    )


def summary(level) -> dict:
    """Everything the cockpit shows for a level, as plain data (picklable): the cards rendered
    to HTML, the ranking rows (without links: those depend on the page mode), the charts'
    data as a <script type="application/json"> element."""
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
        # the charts' data as the page embeds it: serialised and escaped once, not per view
        "charts_script": str(
            json_script(
                {
                    "trend": data.trend(level),
                    "heatmap": data.heatmap(level),
                    "map": data.map_data(level),
                },
                "cockpit-charts",
            )
        ),
        "generated_at": timezone.localtime(),
        "cached": False,
    }


def get(level, *, fresh: bool = False) -> dict:
    """The level's summary: kept (core.summaries) unless `fresh`, else computed now and kept
    for the next view."""
    body, cached = summaries.get(key(level), lambda: summary(level), fresh=fresh)
    body["cached"] = cached
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
        viewer = summaries.viewer(user)
        if viewer not in seen:
            seen.add(viewer)
            out.append(user)
    return out


def warm() -> int:
    """Recompute the summary of every distinct province and city view, this month (the
    scheduled job); returns how many were computed."""
    from liangxin.core import figures
    from liangxin.core.figures import Scope
    from liangxin.dashboard import worklist
    from liangxin.dashboard.cockpit.levels import resolve

    done = 0
    for user in viewers():
        with figures.evaluation():
            level = resolve(Scope.current(user))
            if applies(level):
                get(level, fresh=True)
                done += 1
                # the worklist's first page, which the cockpit's warnings open
                if worklist.reads_facts(user):
                    worklist.warm(user)
                # and the trend page's default view
                if user.has_perm("orgs.view_organization"):
                    today = timezone.localdate()
                    kept_trend(user, year=today.year, through=today.month, fresh=True)
    return done
