"""The monthly minimum of distinct confirmed days per instructor (its rows, counts and grid)."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q

from liangxin.core.models import Policy, Role
from liangxin.core.models.region import region_prefix
from liangxin.core.obligations import excused_days, excused_days_by_month
from liangxin.core.workcalendar import month_bounds
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.roster.models import Instructor
from liangxin.roster.services import days_in_post


@dataclass
class ComplianceRow:
    instructor_id: int
    name: str
    unit: str
    confirmed_days: int
    pending_days: int  # days that would count once their visits are confirmed
    required: int
    committee_id: int | None = None
    user_id: int | None = None
    region_id: str | None = None

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.confirmed_days)

    @property
    def met(self) -> bool:
        return self.shortfall == 0


COMPLIANCE_ROLES = (
    Role.COUNTY_ADMIN,
    Role.COMMITTEE_STAFF,
    Role.AUDITOR,
    Role.UNIT_LIAISON,
    Role.INSTRUCTOR,
)


def can_view_compliance(user) -> bool:
    """Org contacts confirm visits but do not see instructors' monthly figures."""
    return user.has_role(*COMPLIANCE_ROLES)


def required_days(region_ids, year: int) -> dict[str, int]:
    """Policy.min_days_per_month for each region code, nearest policy up the tree, one query."""
    return {
        code: policy.min_days_per_month
        for code, policy in Policy.for_regions(region_ids, year).items()
    }


def month_requirement(minimum: int, excused: int, in_post: int, length: int) -> int:
    """Days on site required in a month: the minimum pro-rated to the days in post (rounded
    up), less the working days of approved leave, never below 0. No days in post → 0."""
    if in_post <= 0:
        return 0
    share = math.ceil(minimum * min(in_post, length) / length)
    return max(0, share - excused)


def compliance_counts(user, year: int, month: int, *, region=None, committee_id=None):
    """Per visible instructor: distinct confirmed days and distinct counted-or-pending days in
    the month, across all the instructor's organizations (a day counts once). One query.
    `region` (a code: it and below) and `committee_id` narrow the instructors (drill-down)."""
    return _counts(instructors_in_scope(user, region, committee_id), year, month)


def instructors_in_scope(user, region=None, committee_id=None):
    """The compliance grid's population: visible instructors, narrowed for drill-down."""
    qs = Instructor.objects.visible_to(user)
    if region:
        qs = qs.filter(region__code__startswith=region_prefix(region))
    if committee_id:
        qs = qs.filter(committee_id=committee_id)
    return qs


def _counts(instructors, year: int, month: int):
    first, last = month_bounds(year, month)
    return (
        instructors.alias(
            month_visits=FilteredRelation(
                "visits", condition=Q(visits__date__gte=first, visits__date__lte=last)
            )
        )
        .values("id", "name", "region_id", "unit__name", "committee_id", "user_id")
        .annotate(
            confirmed_days=Count(
                "month_visits__date",
                distinct=True,
                filter=Q(month_visits__status=VisitStatus.CONFIRMED),
            ),
            open_days=Count(
                "month_visits__date",
                distinct=True,
                filter=Q(
                    month_visits__status__in=[
                        VisitStatus.CONFIRMED,
                        VisitStatus.PENDING,
                    ]
                ),
            ),
        )
        .order_by("name", "id")
    )


def monthly_compliance(
    user, year: int, month: int, *, region=None, committee_id=None
) -> list[ComplianceRow]:
    """The monthly minimum for every instructor the user may see, shortfalls first."""
    counts = compliance_counts(
        user, year, month, region=region, committee_id=committee_id
    )
    return _rows(counts, year, month)


def region_compliance(region_code: str, year: int, month: int) -> list[ComplianceRow]:
    """The same figures for every instructor of a region and below (for scheduled jobs,
    which act for no user)."""
    instructors = Instructor.objects.filter(
        region__code__startswith=region_prefix(region_code)
    )
    return _rows(_counts(instructors, year, month), year, month)


def instructor_compliance(
    instructor_id: int, year: int, month: int
) -> ComplianceRow | None:
    """One instructor's month (the home page line)."""
    rows = _rows(
        _counts(Instructor.objects.filter(pk=instructor_id), year, month), year, month
    )
    return rows[0] if rows else None


def months_compliance(
    user, months: list[tuple[int, int]]
) -> dict[tuple[int, int], list[ComplianceRow]]:
    """`monthly_compliance` of several months at once (the worklist's last and this month):
    one count per month, but the excused days and the days in post of the whole span in one
    query each, not one per month."""
    instructors = instructors_in_scope(user)
    counts = {(y, m): list(_counts(instructors, y, m)) for y, m in months}
    ids = sorted({r["id"] for rows in counts.values() for r in rows})
    firsts = sorted(datetime.date(y, m, 1) for y, m in months)
    leave = excused_days_by_month(ids, firsts)
    in_post = days_in_post(
        ids, firsts[0], month_bounds(firsts[-1].year, firsts[-1].month)[1]
    )
    return {
        (y, m): _rows(
            counts[(y, m)], y, m, leave=leave[datetime.date(y, m, 1)], in_post=in_post
        )
        for y, m in months
    }


def _rows(
    counts, year: int, month: int, *, leave=None, in_post=None
) -> list[ComplianceRow]:
    """Required days: the Policy's minimum pro-rated to the days in post, less the month's
    excused days, e.g. approved leave (never < 0). `leave` ({instructor: days} of this month)
    and `in_post` ({instructor: {first of month: days}}) when read for several months."""
    rows = list(counts)
    required = required_days({r["region_id"] for r in rows}, year)
    ids = [r["id"] for r in rows]
    first, last = month_bounds(year, month)
    if leave is None:
        leave = excused_days(ids, year, month)
    if in_post is None:
        in_post = days_in_post(ids, first, last)
    result = [
        ComplianceRow(
            instructor_id=r["id"],
            name=r["name"],
            unit=r["unit__name"] or "",
            confirmed_days=r["confirmed_days"],
            pending_days=r["open_days"] - r["confirmed_days"],
            required=month_requirement(
                required[r["region_id"]],
                leave.get(r["id"], 0),
                in_post.get(r["id"], {}).get(first, 0),
                last.day,
            ),
            committee_id=r["committee_id"],
            user_id=r["user_id"],
            region_id=r["region_id"],
        )
        for r in rows
    ]
    result.sort(
        key=lambda row: -row.shortfall
    )  # stable: names stay in order within a level
    return result


def month_grid(
    user, year: int, month: int, instructor_ids=None
) -> dict[int, dict[datetime.date, str]]:
    """{instructor_id: {date: "confirmed" | "pending" | "disputed"}} for the compliance grid,
    in one query; a confirmed visit that day wins over pending, pending over disputed.
    `instructor_ids` limits it to one page of the grid."""
    rank = {VisitStatus.CONFIRMED: 3, VisitStatus.PENDING: 2, VisitStatus.DISPUTED: 1}
    grid: dict[int, dict[datetime.date, str]] = {}
    visible = Instructor.objects.visible_to(user)
    if instructor_ids is not None:
        visible = visible.filter(pk__in=list(instructor_ids))
    rows = (
        Visit.objects.in_month(year, month)
        .filter(instructor__in=visible.values("pk"), status__in=list(rank))
        .values_list("instructor_id", "date", "status")
        .distinct()
    )
    for instructor_id, date, status in rows:
        days = grid.setdefault(instructor_id, {})
        if rank[status] > rank.get(days.get(date), 0):
            days[date] = status
    return grid


_CELL = {
    VisitStatus.CONFIRMED: ('<span class="text-success" title="已确认">✓</span>'),
    VisitStatus.PENDING: '<span class="text-warning" title="待确认">?</span>',
    VisitStatus.DISPUTED: '<span class="text-danger" title="有异议">✗</span>',
}


def grid_cells(days, states: dict[datetime.date, str]) -> str:
    """One row's day cells as HTML, built in Python (a template tag per cell was the page's
    main cost). Only constant markup is emitted: nothing user-supplied goes in."""
    from django.utils.safestring import mark_safe

    parts = []
    for day in days:
        css = "text-center px-1" + (" table-secondary" if day.kind != "workday" else "")
        parts.append(f'<td class="{css}">{_CELL.get(states.get(day.date), "")}</td>')
    return mark_safe("".join(parts))  # noqa: S308  (constant markup only)


def month_weeks(days, states: dict[datetime.date, str]) -> list[list[dict | None]]:
    """One instructor's month as calendar weeks (Monday first) for a phone: each day its
    date, whether it is a working day, and the symbol of its visits (as grid_cells)."""
    from django.utils.safestring import mark_safe

    weeks: list[list[dict | None]] = [[None] * days[0].date.weekday()]
    for day in days:
        if len(weeks[-1]) == 7:
            weeks.append([])
        weeks[-1].append(
            {
                "day": day,
                "mark": mark_safe(_CELL.get(states.get(day.date), "")),  # noqa: S308
            }
        )
    weeks[-1] += [None] * (7 - len(weeks[-1]))
    return weeks
