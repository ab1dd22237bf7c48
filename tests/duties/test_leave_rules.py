"""Issue 10, item 4: approved leave where it matters (from the rules: absence from the required
days needs prior approval by the dispatching unit; an approved absence is not a shortfall)."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core import indicators
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.duties.models import LeaveRequest, LeaveStatus
from liangxin.duties.services.conduct import (
    approved_leave_days,
    decide_leave,
    request_leave,
)
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus

OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def _approved(world, start, end):
    return LeaveRequest.objects.create(
        region=world.county,
        instructor=world.ins_a,
        start=start,
        end=end,
        days=1,
        reason="集中学习",
        status=LeaveStatus.APPROVED,
    )


def _confirmed_days(world, days):
    for day in days:
        Visit.objects.create(
            region=world.county,
            instructor=world.ins_a,
            organization=world.org_a,
            assignment=world.asg_a,
            date=day,
            activities=[Activity.RESEARCH],
            status=VisitStatus.CONFIRMED,
            recorded_via=RecordedVia.LATE_ENTRY,
            recorded_at=timezone.now(),
        )


def test_overlapping_approved_leaves_count_each_working_day_once(world):
    _approved(world, datetime.date(2026, 10, 12), datetime.date(2026, 10, 14))
    _approved(world, datetime.date(2026, 10, 13), datetime.date(2026, 10, 15))
    assert approved_leave_days([world.ins_a.pk], 2026, 10) == {world.ins_a.pk: 4}


def test_approved_leave_lowers_the_minimum_behind_the_qin_score_and_the_allowance(
    world,
):
    # 3 confirmed days in October; the minimum is 5; 2 working days of approved leave
    _confirmed_days(world, [datetime.date(2026, 10, d) for d in (9, 10, 11)])
    ids = [world.ins_a.pk]
    short = indicators.compute("fieldwork.months_short", ids, *OCT)
    assert short[world.ins_a.pk] == 1
    _approved(world, datetime.date(2026, 10, 12), datetime.date(2026, 10, 13))
    short = indicators.compute("fieldwork.months_short", ids, *OCT)
    met = indicators.compute("fieldwork.months_meeting_minimum", ids, *OCT)
    assert short[world.ins_a.pk] == 0 and met[world.ins_a.pk] == 1


def test_a_leave_asked_after_its_days_needs_a_reason_and_is_a_late_approval(world):
    start = timezone.localdate() - datetime.timedelta(days=3)
    while start.weekday() >= 5:
        start -= datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="补批理由") as exc:
        request_leave(
            user=world.users.instructor, start=start, end=start, reason="突发疾病"
        )
    assert exc.value.field == "late_reason"
    assert not LeaveRequest.objects.exists()
    leave = request_leave(
        user=world.users.instructor,
        start=start,
        end=start,
        reason="突发疾病",
        late_reason="当天住院，无法事前请假",
    )
    assert leave.late and leave.status == LeaveStatus.LATE
    assert leave.get_status_display() == "待补批"
    leave = decide_leave(user=world.users.unit, leave=leave, approve=True, note="同意")
    assert leave.status == LeaveStatus.APPROVED and leave.late
    assert leave.transitions.get().note == "补批：同意"
    assert AuditLog.objects.filter(note="补批批准请假").exists()


def test_a_late_leave_shows_as_such_on_its_page_and_in_the_list(world, login):
    start = timezone.localdate() - datetime.timedelta(days=7)
    while start.weekday() >= 5:
        start -= datetime.timedelta(days=1)
    client = login(world.users.instructor)
    response = client.post(
        "/duties/leave/new/",
        {"start": start.isoformat(), "end": start.isoformat(), "reason": "就医"},
    )
    assert response.status_code == 200 and "补批理由" in response.content.decode()
    client.post(
        "/duties/leave/new/",
        {
            "start": start.isoformat(),
            "end": start.isoformat(),
            "reason": "就医",
            "late_reason": "急诊",
        },
    )
    leave = LeaveRequest.objects.get()
    unit = login(world.users.unit)
    page = unit.get(leave.get_absolute_url()).content.decode()
    assert "补批" in page and "急诊" in page and "待补批" in page
    assert "待补批" in unit.get("/duties/leave/").content.decode()
