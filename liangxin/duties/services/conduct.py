"""Leave for missing days (请假) and the code of conduct (行为规范)."""

import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit, facts
from liangxin.core.models import AuditAction, Role, User
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.core.workcalendar import days_between, month_bounds
from liangxin.duties.models import ConductAcknowledgement, LeaveRequest, LeaveStatus
from liangxin.duties.services.base import (
    _audited_move,
    _own_instructor,
    _tell_instructor,
    _text,
    instructor_of,
)


def request_leave(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    reason: str,
    late_reason: str = "",
) -> LeaveRequest:
    """The instructor asks leave from the monthly minimum; days are the working days between.
    Leave is asked beforehand (domain-rules §7): a leave covering days already begun is a
    补批 (late approval) and needs a written reason."""
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员可以请假。")
    if end < start:
        raise ServiceError("结束日期不能早于开始日期。", field="end")
    if start.year != end.year or start.month != end.month:
        raise ServiceError("请假须在同一个月内，跨月请分开申请。", field="end")
    days = sum(1 for d in days_between(start, end) if d.is_workday)
    if days == 0:
        raise ServiceError("所选日期内没有工作日，无需请假。", field="start")
    reason = _text(reason, "请填写请假事由。", "reason", 500)
    late = start < timezone.localdate()
    if late:
        late_reason = _text(
            late_reason,
            "请假日期已开始或已过，须填写补批理由（为何未能事前请假）。",
            "late_reason",
            500,
        )
    with transaction.atomic():
        leave = LeaveRequest.objects.create(
            region_id=instructor.region_id,
            instructor=instructor,
            start=start,
            end=end,
            days=days,
            reason=reason,
            late=late,
            late_reason=late_reason.strip() if late else "",
            status=LeaveStatus.LATE if late else LeaveStatus.PENDING,
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=leave,
            after=audit.snapshot(leave),
            note="申请补批请假" if late else "申请请假",
        )
        for liaison in User.objects.filter(
            role=Role.UNIT_LIAISON, is_active=True, unit_id=instructor.unit_id
        ):
            notify(
                recipient=liaison,
                title=f"请假待{'补批' if late else '审批'}：{instructor.name}",
                body=f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}，{days} 个工作日。",
                url=leave.get_absolute_url(),
                key=f"duties.leave_requested:{leave.pk}",
            )
    return leave


def can_decide_leave(user, leave: LeaveRequest) -> bool:
    """The dispatching unit's liaison decides (domain-rules §7)."""
    return user.is_superuser or (
        user.role == Role.UNIT_LIAISON and user.unit_id == leave.instructor.unit_id
    )


def decide_leave(
    *,
    user,
    leave: LeaveRequest,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
) -> LeaveRequest:
    if not can_decide_leave(user, leave):
        raise ServiceError("只有指导员的派出单位可以审批请假。")
    note = (note or "").strip()[:500]
    if not approve and not note:
        raise ServiceError("不批准时请填写审批意见。", field="note")
    with transaction.atomic():
        leave = lock_for_update(leave, expected_version)
        to = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
        _audited_move(
            user,
            leave,
            to,
            f"补批：{note}" if leave.late else note,
            ("补批" if leave.late else "") + ("批准请假" if approve else "不批准请假"),
            decided_by=user,
            decided_at=timezone.now(),
            decision_note=note,
        )
        if approve:  # approved leave lowers the required days of the months it spans
            facts.changed_between(
                instructor_id=leave.instructor_id, first=leave.start, last=leave.end
            )
        _tell_instructor(
            leave,
            f"请假{'已批准' if approve else '未批准'}",
            f"duties.leave_{to}:{leave.pk}",
            body=note,
        )
    return leave


def withdraw_leave(
    *, user, leave: LeaveRequest, expected_version: int | None = None
) -> LeaveRequest:
    _own_instructor(user, leave)
    with transaction.atomic():
        leave = lock_for_update(leave, expected_version)
        was_approved = leave.status == LeaveStatus.APPROVED
        _audited_move(user, leave, LeaveStatus.WITHDRAWN, "", "撤回请假")
        if was_approved:
            facts.changed_between(
                instructor_id=leave.instructor_id, first=leave.start, last=leave.end
            )
    return leave


def approved_leave_by_month(
    instructor_ids, first_month: datetime.date, last_month: datetime.date
) -> dict[datetime.date, dict[int, int]]:
    """{first of month: {instructor_id: working days under approved leave}} from the month of
    `first_month` to that of `last_month`: overlapping leaves count a day once. Two queries
    (the leaves, the calendar of the span), only one when there is no leave."""
    first = first_month.replace(day=1)
    last = month_bounds(last_month.year, last_month.month)[1]
    rows = (
        LeaveRequest.objects.approved()
        .filter(instructor_id__in=list(instructor_ids), start__lte=last, end__gte=first)
        .values_list("instructor_id", "start", "end")
    )
    covered: dict[int, set] = {}
    for pk, start, end in rows:
        days = covered.setdefault(pk, set())
        day = max(start, first)
        while day <= min(end, last):
            days.add(day)
            day += datetime.timedelta(days=1)
    if not covered:
        return {}
    span = [
        d
        for d in days_between(
            min(min(v) for v in covered.values()), max(max(v) for v in covered.values())
        )
        if d.is_workday
    ]
    workdays = {d.date for d in span}
    result: dict[datetime.date, dict[int, int]] = {}
    for pk, days in covered.items():
        for day in days & workdays:
            month = result.setdefault(day.replace(day=1), {})
            month[pk] = month.get(pk, 0) + 1
    return result


def approved_leave_days(instructor_ids, year: int, month: int) -> dict[int, int]:
    """{instructor_id: working days of the month under approved leave}: overlapping leaves
    count a day once."""
    first = datetime.date(year, month, 1)
    return approved_leave_by_month(instructor_ids, first, first).get(first, {})


approved_leave_days.by_month = approved_leave_by_month


# --- code of conduct --------------------------------------------------------------------------


def acknowledge_conduct(*, user, year: int | None = None) -> ConductAcknowledgement:
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员需要确认行为规范。")
    year = year or timezone.localdate().year
    if ConductAcknowledgement.objects.filter(instructor=instructor, year=year).exists():
        raise ServiceError(f"您已确认{year}年度行为规范，无需重复确认。")
    with transaction.atomic():
        item = ConductAcknowledgement.objects.create(
            region_id=instructor.region_id, instructor=instructor, year=year
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=item,
            after=audit.snapshot(item),
            note=f"确认{year}年度行为规范",
        )
    return item
