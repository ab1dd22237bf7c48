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
    TieDecision,
    VetoFinding,
)
from liangxin.assessment.models.scheme import GRADE_SEVERITY


def tie_key(result: Result, order: list[str]) -> tuple:
    """What decides a place after the total: the subtotals in the scheme's order, descending.
    The record number never decides: equal keys are a true tie for the county to decide."""
    subs = result.subtotals
    return (
        -result.total,
        *(-Decimal(subs.get(code, "0")) for code in order),
    )


def _vetoes(rnd: Round) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    rows = VetoFinding.objects.filter(round=rnd).values_list(
        "instructor_id", "item__name", "item__grade"
    )
    for instructor_id, name, grade in rows.order_by("at", "id"):
        found[instructor_id].append({"item": name, "grade": grade})
    return found


def most_severe(vetoes: list[dict]) -> str:
    return max((v["grade"] for v in vetoes), key=lambda g: GRADE_SEVERITY.get(g, 3))


def quota_tie(rnd: Round, results: list[Result]) -> tuple[list[Result], int]:
    """The results tied on every criterion across the 优秀 quota line, and how many 优秀
    places they share (([], 0) when the line falls between different people)."""
    order = rnd.scheme.tie_break_codes
    candidates = sorted(
        (r for r in results if r.grade == Grade.EXCELLENT),
        key=lambda r: tie_key(r, order),
    )
    quota = math.floor(rnd.scheme.excellent_quota * len(results))
    if quota == 0 or len(candidates) <= quota:
        return [], 0
    line = tie_key(candidates[quota - 1], order)
    if tie_key(candidates[quota], order) != line:
        return [], 0
    group = [r for r in candidates if tie_key(r, order) == line]
    above = sum(1 for r in candidates if tie_key(r, order) < line)
    return group, quota - above


def _decided(rnd: Round, group: list[Result], places: int) -> dict[int, str] | None:
    """The county's decision for exactly this tied group, or None (none, or stale)."""
    ids = sorted(r.instructor_id for r in group)
    rows = list(TieDecision.objects.filter(round=rnd, instructor_id__in=ids))
    decided = {row.instructor_id: row.grade for row in rows if row.group == ids}
    if sorted(decided) != ids:
        return None
    if sum(1 for g in decided.values() if g == Grade.EXCELLENT) != places:
        return None
    return decided


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
    vetoes = _vetoes(rnd)
    results = list(Result.objects.filter(round=rnd))
    for result in results:
        subs = subtotals.get(result.instructor_id, {})
        result.subtotals = {
            code: str(subs.get(code, Decimal(0))) for code in DimensionCode.values
        }
        result.total = sum(subs.values(), Decimal(0))
        found = vetoes.get(result.instructor_id, [])
        result.vetoed = bool(found)
        result.vetoes = found
        result.grade = most_severe(found) if found else scheme.grade_for(result.total)
        result.over_quota = False
        result.tie_pending = False
    order = scheme.tie_break_codes
    ordered = sorted(results, key=lambda r: (tie_key(r, order), r.instructor_id))
    group, places = quota_tie(rnd, results)
    decided = _decided(rnd, group, places) if group else None
    in_group = {r.instructor_id for r in group}
    quota = math.floor(scheme.excellent_quota * len(results))
    excellent, group_counted = 0, False
    for result in ordered:
        if result.grade != Grade.EXCELLENT:
            continue
        if result.instructor_id in in_group:
            if not group_counted:  # the group shares its places, whoever gets them
                excellent, group_counted = excellent + places, True
            if decided is None:
                result.grade, result.tie_pending = "", True
            elif decided[result.instructor_id] != Grade.EXCELLENT:
                result.grade, result.over_quota = Grade.COMPETENT, True
            continue
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
        update_fields=[
            "subtotals",
            "total",
            "vetoed",
            "vetoes",
            "grade",
            "over_quota",
            "tie_pending",
            "rank",
        ],
    )
