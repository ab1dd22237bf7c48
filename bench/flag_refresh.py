"""What a recorded write costs afterwards: one county's flag rows reconciled (facts.on_write).

After any service write the written county's worklist flag rows are brought up to date, for the
whole county and for each of its committees, by the worker or once the response is sent. This
measures that refresh per county, against the county's live worklist computed once (what a cold
view cost before the rows were read), on the demo county or the province seed:
  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_province \\
      .venv/bin/python bench/flag_refresh.py 140931 140921
Prints the best of 3 runs for each, the queries, and the county's open rows per scope.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from liangxin.core import memo  # noqa: E402
from liangxin.core.worklist import flags_for  # noqa: E402
from liangxin.facts import on_write  # noqa: E402
from liangxin.facts.models import FlagRow, FlagState  # noqa: E402
from liangxin.facts.refresh import scope_user  # noqa: E402
from liangxin.orgs.models import Organization  # noqa: E402
from liangxin.roster.models import Instructor  # noqa: E402


def best(fn, runs=3):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    return min(times) * 1000, queries


def main(codes):
    for code in codes:
        size = (
            Instructor.objects.filter(region_id=code).count(),
            Organization.objects.filter(region_id=code).count(),
        )

        def refresh(code=code):
            FlagState.objects.filter(pk=code).delete()  # as after a write
            assert on_write.refresh_county(code)

        def live(code=code):
            with memo.evaluation(fresh=True):
                flags_for(scope_user(code))

        refresh_ms, refresh_q = best(refresh)
        live_ms, live_q = best(live)
        rows = dict(
            FlagRow.objects.filter(region_id=code, cleared_on=None)
            .values_list("scope")
            .annotate(n=Count("pk"))
        )
        print(
            f"{code}: {size[0]} instructors, {size[1]} organizations; "
            f"refresh after a write {refresh_ms:.0f} ms ({refresh_q} queries); "
            f"the county's live worklist once {live_ms:.0f} ms ({live_q} queries); "
            f"open rows per scope {rows}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["140931"])
