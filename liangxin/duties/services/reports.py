"""Regular reports: the instructor writes and submits, the committee returns or accepts."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from liangxin.core import audit, digests
from liangxin.core.models import AuditAction, Policy, Role
from liangxin.core.obligations import Period, periods
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.core.workcalendar import add_workdays, days_between
from liangxin.duties.models import RegularReport, ReportStatus
from liangxin.duties.services.base import (
    _audited_move,
    _own_instructor,
    _tell_instructor,
    _text,
    edit_own_text,
    instructor_of,
)
from liangxin.roster.models import Instructor

NUMERALS = "一二三四五六七八九十"


def report_periods(region_code: str, year: int) -> list[tuple[Period, datetime.date]]:
    """The year's periods on the Policy's cadence, each with its due date."""
    policy = Policy.for_region_year(region_code, year)
    year_periods = periods(year, policy.report_cadence)
    # one calendar read for the whole year (plus room for 春节 and 国庆 after the last period)
    # instead of one add_workdays per period: worklists call this on every home page
    first = year_periods[0].end + datetime.timedelta(days=1)
    days = days_between(
        first,
        year_periods[-1].end
        + datetime.timedelta(days=policy.report_due_workdays * 2 + 30),
    )
    workdays = [d.date for d in days if d.is_workday]
    result = []
    for period in year_periods:
        after = [d for d in workdays if d > period.end]
        if len(after) >= policy.report_due_workdays:
            due = after[policy.report_due_workdays - 1]
        else:  # pragma: no cover - an impossible calendar; fall back to the slow path
            due = add_workdays(
                period.end + datetime.timedelta(days=1), policy.report_due_workdays
            ).end
        result.append((period, due))
    return result


def find_period(region_code: str, start: datetime.date) -> tuple[Period, datetime.date]:
    for period, due in report_periods(region_code, start.year):
        if period.start == start:
            return period, due
    raise ServiceError("汇报期无效。", field="period")


def prefill_summary(instructor: Instructor, period: Period) -> str:
    """The period's visits, handbook entries and problems as an editable first draft
    (the parts come from the apps holding them, see `core.digests`)."""
    lines = []
    parts = digests.parts(instructor, period.start, period.end)
    for number, part in zip(NUMERALS, parts, strict=False):
        lines.append(f"{number}、{part.title}")
        lines += [f"  {line}" for line in part.lines]
    lines += [f"{NUMERALS[len(parts)]}、下一步工作打算：", "  "]
    return "\n".join(lines)


def start_report(*, user, period_start: datetime.date) -> RegularReport:
    """A draft for one of the user's periods, pre-filled from the period's records."""
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员可以填写定期汇报。")
    period, due = find_period(instructor.region_id, period_start)
    if period.start > timezone.localdate():
        raise ServiceError("该汇报期尚未开始。", field="period")
    existing = RegularReport.objects.filter(
        instructor=instructor, period_start=period.start
    )
    if existing.exists():
        raise ServiceError("该汇报期的汇报已存在，请直接编辑。", field="period")
    with transaction.atomic():
        report = RegularReport.objects.create(
            region_id=instructor.region_id,
            instructor=instructor,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            due_on=due,
            summary=prefill_summary(instructor, period),
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=report,
            after=audit.snapshot(report),
            note="起草定期汇报",
        )
    return report


def edit_report(
    *, user, report: RegularReport, summary: str, expected_version: int | None = None
) -> RegularReport:
    return edit_own_text(
        user=user,
        model=RegularReport,
        record=report,
        field="summary",
        value=summary,
        required="请填写汇报内容。",
        limit=10000,
        label="汇报",
        note="修改定期汇报",
        expected_version=expected_version,
    )


def submit_report(
    *, user, report: RegularReport, expected_version: int | None = None
) -> RegularReport:
    _own_instructor(user, report)
    with transaction.atomic():
        report = lock_for_update(report, expected_version)
        _text(report.summary, "请填写汇报内容。", "summary", 10000)
        _audited_move(
            user,
            report,
            ReportStatus.SUBMITTED,
            "",
            "提交定期汇报",
            submitted_at=timezone.now(),
        )
    return report


def can_review(user, report: RegularReport) -> bool:
    if user.is_superuser:
        return True
    if user.role == Role.COMMITTEE_STAFF:
        return user.committee_id == report.instructor.committee_id
    if user.role == Role.COUNTY_ADMIN and user.region_prefix:
        return report.region_id.startswith(user.region_prefix)
    return False


def review_report(
    *,
    user,
    report: RegularReport,
    accept: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> RegularReport:
    """The committee accepts the report or returns it with a comment."""
    if not can_review(user, report):
        raise ServiceError("只有指导员所属行业党委或县级管理员可以审阅。")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ServiceError("退回时请填写审阅意见。", field="comment")
    with transaction.atomic():
        report = lock_for_update(report, expected_version)
        to = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
        changes = {"reviewed_by": user, "reviewed_at": timezone.now()}
        if comment:
            changes["comment"] = comment[:2000]
        _audited_move(
            user,
            report,
            to,
            comment,
            "通过定期汇报" if accept else "退回定期汇报",
            **changes,
        )
        rounds = report.transitions.filter(to_status=to).count()
        _tell_instructor(
            report,
            f"定期汇报{'已通过' if accept else '被退回'}：{report.period_label}",
            f"duties.report_{to}:{report.pk}:{rounds}",
            body=comment,
        )
    return report


def missing_reports(
    instructors, today: datetime.date
) -> list[tuple[Instructor, Period, datetime.date]]:
    """(instructor, period, due) for periods of this year past their due date that the
    instructor has not handed in. A fixed number of queries per region, not per instructor."""
    instructors = list(instructors)
    regions = {i.region_id for i in instructors}
    due_periods = {
        code: [(p, d) for p, d in report_periods(code, today.year) if d < today]
        for code in regions
    }
    handed = set(
        RegularReport.objects.handed_in()
        .filter(instructor__in=instructors, period_start__year=today.year)
        .values_list("instructor_id", "period_start")
    )
    result = []
    for instructor in instructors:
        appointed = instructor.appointed_on or datetime.date.min
        for period, due in due_periods[instructor.region_id]:
            if period.end >= appointed and (instructor.pk, period.start) not in handed:
                result.append((instructor, period, due))
    return result


def report_url(period: Period) -> str:
    return f"{reverse('duties:report_create')}?period={period.start:%Y-%m-%d}"
