"""Indicators of 沉得下: days on site, counted as distinct confirmed dates."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth

from liangxin.core.dates import month_end
from liangxin.core.indicators import indicator
from liangxin.core.memo import memoized
from liangxin.core.obligations import excused_days_by_month
from liangxin.fieldwork.compliance import month_requirement, required_days
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.roster.models import Instructor
from liangxin.roster.services import days_in_post


def _confirmed(ids, start, end):
    return Visit.objects.filter(
        instructor_id__in=ids, status=VisitStatus.CONFIRMED, date__range=(start, end)
    )


@indicator(
    "fieldwork.confirmed_days",
    "经确认到岗天数",
    "天",
    description="期间内经组织联络员确认的到岗日期数，同一天到多个组织只计一天。",
)
def confirmed_days(ids, start, end):
    rows = (
        _confirmed(ids, start, end)
        .values("instructor_id")
        .annotate(days=Count("date", distinct=True))
    )
    return {r["instructor_id"]: r["days"] for r in rows}


def _month_counts(ids, start, end):
    """{(instructor_id, first-of-month): distinct confirmed days} for months ended by `end`."""
    rows = (
        _confirmed(ids, start, end)
        .annotate(month=TruncMonth("date"))
        .values("instructor_id", "month")
        .annotate(days=Count("date", distinct=True))
    )
    return {(r["instructor_id"], _as_date(r["month"])): r["days"] for r in rows}


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _closed_months(start: datetime.date, end: datetime.date, today: datetime.date):
    """Whole months inside [start, end] that have already ended."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        last = following - datetime.timedelta(days=1)
        if first >= start and last <= end and last < today:
            months.append(first)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _months(ids, start, end, *, meeting: bool):
    tally = _month_tally(ids, start, end)
    return {
        pk: met if meeting else counted - met for pk, (met, counted) in tally.items()
    }


def _month_tally(ids, start, end) -> dict[int, tuple[int, int]]:
    """{instructor: (months meeting the minimum, months counted)}, computed once per request
    for both indicators (a record shows them side by side: core.memo)."""
    from django.utils import timezone

    months = _closed_months(start, end, timezone.localdate())
    if not ids or not months:
        return {}
    return memoized(
        ("fieldwork-month-tally", tuple(sorted(ids)), start, end),
        lambda: _tally(ids, start, end, months),
    )


def _tally(ids, start, end, months) -> dict[int, tuple[int, int]]:
    counts = _month_counts(ids, start, end)
    regions = dict(Instructor.objects.filter(pk__in=ids).values_list("pk", "region_id"))
    # the minimum per region and year: one policy query per year in the period
    minimum = {
        year: required_days(set(regions.values()), year)
        for year in {m.year for m in months}
    }
    # approved leave lowers the month's minimum (as on the compliance page), and a month
    # before the first assignment or after the last is not counted at all
    excused = excused_days_by_month(list(regions), months)
    in_post = days_in_post(list(regions), months[0], month_end(months[-1]))
    result = {}
    for pk, region in regions.items():
        counted = met = 0
        for m in months:
            days = in_post.get(pk, {}).get(m, 0)
            if not days:
                continue
            counted += 1
            need = month_requirement(
                minimum[m.year][region],
                excused[m].get(pk, 0),
                days,
                month_end(m).day,
            )
            met += counts.get((pk, m), 0) >= need
        result[pk] = (met, counted)
    return result


@indicator(
    "fieldwork.months_meeting_minimum",
    "到岗达标月数",
    "个月",
    description="期间内已结束、且已派驻的自然月中，经确认到岗天数达到当月应到岗天数的月数。",
)
def months_meeting_minimum(ids, start, end):
    return _months(ids, start, end, meeting=True)


@indicator(
    "fieldwork.months_short",
    "到岗不足月数",
    "个月",
    higher_is_better=False,
    description="期间内已结束、且已派驻的自然月中，经确认到岗天数低于当月应到岗天数"
    "（每月最少天数按在岗天数折算，扣除已批准请假的工作日）的月数。",
)
def months_short(ids, start, end):
    return _months(ids, start, end, meeting=False)
