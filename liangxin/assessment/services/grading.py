"""Totals, grades, the 优秀 quota and ranks of a round."""

import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from liangxin.assessment.models import (
    DimensionCode,
    Grade,
    Result,
    Round,
    Score,
    VetoFinding,
)
from liangxin.assessment.models.scheme import TIE_BREAK_ORDER


def _sort_key(result: Result):
    """Tie-break (documented on the scheme page): total, then 绩, 勤, 能, 德, 廉 subtotals, all
    descending, then the instructor's record number (the earlier record first)."""
    subs = result.subtotals
    return (
        -result.total,
        *(-Decimal(subs.get(code, "0")) for code in TIE_BREAK_ORDER),
        result.instructor_id,
    )


def grade_round(rnd: Round) -> None:
    """Totals, vetoes, grades, the 优秀 quota and ranks for every participant (bulk)."""
    scheme = rnd.scheme
    subtotals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        Score.objects.filter(round=rnd)
        .values("instructor_id", "indicator__dimension__code")
        .annotate(points=Sum("points"))
        .order_by()
    )
    for row in rows:
        subtotals[row["instructor_id"]][row["indicator__dimension__code"]] = row[
            "points"
        ]
    vetoes = dict(
        VetoFinding.objects.filter(round=rnd).values_list(
            "instructor_id", "item__grade"
        )
    )
    results = list(Result.objects.filter(round=rnd))
    for result in results:
        subs = subtotals.get(result.instructor_id, {})
        result.subtotals = {
            code: str(subs.get(code, Decimal(0))) for code in DimensionCode.values
        }
        result.total = sum(subs.values(), Decimal(0))
        result.vetoed = result.instructor_id in vetoes
        result.grade = vetoes.get(result.instructor_id) or scheme.grade_for(
            result.total
        )
        result.over_quota = False
    ordered = sorted(results, key=_sort_key)
    quota = math.floor(scheme.excellent_quota * len(results))
    excellent = 0
    for result in ordered:
        if result.grade == Grade.EXCELLENT:
            excellent += 1
            if excellent > quota:
                result.grade, result.over_quota = Grade.COMPETENT, True
    previous, rank = None, 0
    for position, result in enumerate(ordered, start=1):
        if result.total != previous:  # competition ranking: equal totals share a rank
            rank, previous = position, result.total
        result.rank = rank
    # an upsert on (round, instructor) writes every row in a few set-based statements;
    # bulk_update's CASE expressions cost ~1 ms of Python per row at 10,000 rows
    Result.objects.bulk_create(
        results,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["round", "instructor"],
        update_fields=["subtotals", "total", "vetoed", "grade", "over_quota", "rank"],
    )
