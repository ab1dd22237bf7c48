"""Scoring an assessment round for every instructor of a province.

Run after `bench/seed_scale.py province` (10,000+ instructors, a year of visits) on the same
database, with the assessment tables migrated:
  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_bench .venv/bin/python bench/assessment.py
Each run happens in a transaction that is rolled back, so the database is left as it was.
Prints, for start_scoring (participants fixed, every computed indicator computed with one
`indicators.compute` call each, scores bulk-inserted) and for grading (totals, vetoes, quota,
ranks): the median of 5 runs, the number of queries, and the peak RSS.
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from liangxin.assessment.models import IndicatorKind, Score  # noqa: E402
from liangxin.assessment.services import grading as grading_services  # noqa: E402
from liangxin.assessment.services import rounds as round_services  # noqa: E402
from liangxin.assessment.services import scheme_setup as setup_services  # noqa: E402
from liangxin.core.models import Region, Role, User  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def peak_rss() -> int:
    """The process's peak resident memory so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Rollback(Exception):
    pass


def one_run(measure: dict):
    try:
        with transaction.atomic():
            user = User.objects.create(
                username="bench-assessment", role=Role.COUNTY_ADMIN, region_id="140000"
            )
            scheme = setup_services.seed_default_scheme(
                user=user,
                region=Region.objects.get(pk="140000"),
                year=2026,
                name="基准测试方案",
            )
            rnd = round_services.create_round(
                user=user,
                scheme=scheme,
                name="基准测试",
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31),
            )
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                round_services.start_scoring(user=user, rnd=rnd)
                measure["scoring_ms"].append((time.perf_counter() - start) * 1000)
            measure["scoring_peak"].append(peak_rss())
            measure["scoring_queries"] = len(queries)
            measure["participants"] = rnd.results.count()
            measure["scores"] = Score.objects.filter(round=rnd).count()
            # manual scores as a county would import them, then grade (as publish does)
            ids = list(rnd.results.values_list("instructor_id", flat=True))
            manual = list(scheme.indicators.filter(kind=IndicatorKind.MANUAL))
            Score.objects.bulk_create(
                [
                    Score(
                        round=rnd,
                        instructor_id=pk,
                        indicator=item,
                        points=item.max_points - (pk % 3),
                        justification="基准",
                    )
                    for item in manual
                    for pk in ids
                ],
                batch_size=5000,
            )
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                grading_services.grade_round(rnd)
                measure["grading_ms"].append((time.perf_counter() - start) * 1000)
            measure["grading_peak"].append(peak_rss())
            measure["grading_queries"] = len(queries)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    measure = {
        "scoring_ms": [],
        "scoring_peak": [],
        "grading_ms": [],
        "grading_peak": [],
    }
    baseline = peak_rss()
    for _ in range(RUNS):
        one_run(measure)
    mb = 1024 * 1024
    print(
        f"instructors in round: {measure['participants']}, computed scores: {measure['scores']}"
    )
    print(
        f"start_scoring: median {statistics.median(measure['scoring_ms']):.0f} ms over {RUNS} "
        f"runs, {measure['scoring_queries']} queries, peak RSS "
        f"{measure['scoring_peak'][0] / mb:.0f} MB (at start {baseline / mb:.0f} MB)"
    )
    print(
        f"grade_round:   median {statistics.median(measure['grading_ms']):.0f} ms over {RUNS} "
        f"runs, {measure['grading_queries']} queries, peak RSS "
        f"{measure['grading_peak'][0] / mb:.0f} MB"
    )
