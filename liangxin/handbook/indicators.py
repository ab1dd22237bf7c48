"""Indicators of 用得好: the handbook kept, problems raised and solved, plans carried out."""

import statistics

from django.db.models import Count, Exists, OuterRef

from liangxin.core.indicators import Indicator, indicator, register
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    Section,
    WorkPlan,
    WorkPlanProgress,
)


def _entries(ids, start, end):
    return HandbookEntry.objects.filter(instructor_id__in=ids, date__range=(start, end))


def _count_by_instructor(qs):
    return {
        r["instructor_id"]: r["n"]
        for r in qs.order_by().values("instructor_id").annotate(n=Count("pk"))
    }


@indicator(
    "handbook.entries",
    "工作手册记录数",
    "条",
    description="期间内工作手册四个部分的记录总数。",
)
def entries(ids, start, end):
    return _count_by_instructor(_entries(ids, start, end))


def _section_indicator(section: str, label: str):
    def compute(ids, start, end):
        return _count_by_instructor(_entries(ids, start, end).filter(section=section))

    return Indicator(
        f"handbook.entries.{section}",
        f"工作手册“{label}”记录数",
        "条",
        compute,
        description=f"期间内工作手册“{label}”部分的记录数。",
    )


for _value, _label in Section.choices:
    register(_section_indicator(_value, _label))


@indicator(
    "handbook.problems_raised",
    "收集问题数",
    "个",
    description="期间内记录的群众生产生活中的问题和困难。",
)
def problems_raised(ids, start, end):
    return _count_by_instructor(
        Problem.objects.filter(instructor_id__in=ids, raised_on__range=(start, end))
    )


def _resolved(ids, start, end):
    return Problem.objects.filter(
        instructor_id__in=ids, resolved_on__range=(start, end)
    )


@indicator(
    "handbook.problems_resolved",
    "解决问题数",
    "个",
    description="期间内办结（已解决或转交后办结）的问题数。",
)
def problems_resolved(ids, start, end):
    return _count_by_instructor(_resolved(ids, start, end))


@indicator(
    "handbook.problem_median_days",
    "问题办结天数中位数",
    "天",
    higher_is_better=False,
    description="期间内办结的问题从反映到办结的天数中位数；无办结问题时为 0。",
)
def problem_median_days(ids, start, end):
    days: dict[int, list[int]] = {}
    rows = _resolved(ids, start, end).values_list(
        "instructor_id", "raised_on", "resolved_on"
    )
    for instructor_id, raised, resolved in rows:
        days.setdefault(instructor_id, []).append((resolved - raised).days)
    return {pk: statistics.median(values) for pk, values in days.items()}


@indicator(
    "handbook.plans_with_progress",
    "有进展的工作计划数",
    "个",
    description="期间所在年度的工作计划中，期间内有进展记录的计划数。",
)
def plans_with_progress(ids, start, end):
    progress = WorkPlanProgress.objects.filter(
        plan=OuterRef("pk"), date__range=(start, end)
    )
    plans = WorkPlan.objects.filter(
        instructor_id__in=ids, year__range=(start.year, end.year)
    )
    return _count_by_instructor(plans.filter(Exists(progress)))
