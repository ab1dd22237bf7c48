"""The worklist's flag rows of a county, brought up to date after each recorded write.

core.audit.log says which region (and which instructor) a committed transaction wrote
(core.facts.written); here those become the counties whose flag rows are reconciled with the
live collectors again (refresh.refresh_flags, the nightly computation for one county). The
county's worklist then reads its rows, a few queries, instead of running every collector.

Only counties are refreshed this way (a region without children): a write to a city's or the
province's policy or rule set changes every county below it, which is the nightly job's work;
until it runs, those counties' worklists compute live (their rows are older than the newest
write, `FlagState`). With a worker (REDIS_URL set) the refresh is its job; without one it runs
in the web process once the response has been sent (core.afterwards): measured 0.4 s for the
demo county, 1.0 s for a province county of 861 organizations (the county and its two
committees, bench/flag_refresh.py), and nobody waits for it. A page asked for before it ends
computes live.
"""

import functools
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from liangxin.core import afterwards, summaries
from liangxin.core.audit import latest_write
from liangxin.core.models import Region
from liangxin.facts.models import FlagState
from liangxin.roster.models import Instructor

log = logging.getLogger(__name__)


def counties(regions: set[str], instructors: set[int]) -> list[str]:
    """The regions without children among those written and the instructors' own (an
    instructor posted across a county line is flagged in their own county)."""
    codes = set(regions)
    if instructors:
        codes |= set(
            Instructor.objects.filter(pk__in=instructors).values_list(
                "region_id", flat=True
            )
        )
    return sorted(
        Region.objects.filter(code__in=codes)
        .filter(~Exists(Region.objects.filter(parent=OuterRef("pk"))))
        .values_list("code", flat=True)
    )


def written(regions: set[str], instructors: set[int]) -> None:
    """The hook (core.facts.on_written): refresh the counties written, now or by the worker."""
    if not settings.FACTS_FLAGS_ON_WRITE:
        return
    from liangxin.facts import tasks

    for code in counties(regions, instructors):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # no worker: once the response is sent (core.afterwards), not while they wait
            afterwards.later(functools.partial(refresh_county, code))
        else:
            tasks.refresh_county_flags.delay(code)


def is_current(code: str, *, committees: bool = False, fresh: bool = False) -> bool:
    """Are the county's flag rows (its committees' with `committees`) current: reconciled
    today, as of its newest recorded write? Two look-ups (the newest write is read once per
    request, as core.summaries reads it; `fresh` reads it again)."""
    state = FlagState.objects.filter(pk=code).first()
    if state is None:
        return False
    through = state.current_through(committees=committees, today=timezone.localdate())
    if through is None:
        return False
    newest = latest_write(code) if fresh else summaries.newest_write(code)
    return through >= newest


def refresh_county(code: str) -> bool:
    """Reconcile one county's flag rows unless they are already current (several writes, one
    refresh). True when it ran; a failure is logged and leaves the rows as they were."""
    from liangxin.facts.refresh import lock_state, refresh_flags

    try:
        with transaction.atomic():
            # take the county's turn: one that ran meanwhile makes it moot
            lock_state(code)
            if is_current(code, committees=True, fresh=True) and is_current(
                code, fresh=True
            ):
                return False
            refresh_flags(code, timezone.localdate(), committees=True)
            return True
    except Exception:
        log.exception("refreshing the flag rows of %s failed", code)
        return False
