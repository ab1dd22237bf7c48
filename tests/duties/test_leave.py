"""Leave for missing days: the instructor asks, the dispatching unit decides."""

import datetime

import pytest

from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.duties.models import LeaveRequest
from liangxin.duties.services.conduct import (
    acknowledge_conduct,
    approved_leave_days,
    decide_leave,
    request_leave,
    withdraw_leave,
)

MON, WED = datetime.date(2026, 10, 12), datetime.date(2026, 10, 14)


@pytest.fixture(autouse=True)
def before_the_leave(monkeypatch):
    """These leaves are asked beforehand (on 1 October 2026), not as a 补批."""
    from django.utils import timezone

    from liangxin.duties.services import conduct

    clock = type(
        "Clock",
        (),
        {
            "localdate": staticmethod(lambda *a: datetime.date(2026, 10, 1)),
            "now": staticmethod(timezone.now),
        },
    )
    monkeypatch.setattr(conduct, "timezone", clock)


@pytest.fixture
def leave(world):
    return request_leave(
        user=world.users.instructor, start=MON, end=WED, reason="参加单位集中学习"
    )


def test_leave_counts_working_days_and_the_unit_approves(world, leave):
    assert leave.days == 3 and leave.status == "pending"
    leave = decide_leave(user=world.users.unit, leave=leave, approve=True)
    assert leave.status == "approved" and leave.decided_by == world.users.unit
    assert approved_leave_days([world.ins_a.pk, world.ins_b.pk], 2026, 10) == {
        world.ins_a.pk: 3
    }
    assert [t.to_status for t in leave.transitions.all()] == ["approved"]
    assert AuditLog.objects.filter(note="批准请假").exists()


def test_approved_leave_days_is_a_flat_number_of_queries(
    world, leave, django_assert_max_num_queries
):
    decide_leave(user=world.users.unit, leave=leave, approve=True)
    with django_assert_max_num_queries(3):  # the leaves and the month's calendar
        approved_leave_days([world.ins_a.pk, world.ins_b.pk], 2026, 10)


@pytest.mark.parametrize("persona", ["nonpublic", "county", "instructor", "auditor"])
def test_only_the_dispatching_unit_decides(world, leave, persona):
    with pytest.raises(ServiceError, match="只有指导员的派出单位"):
        decide_leave(user=getattr(world.users, persona), leave=leave, approve=True)


def test_illegal_moves_are_refused_in_chinese(world, leave):
    with pytest.raises(ServiceError, match="不批准时请填写审批意见"):
        decide_leave(user=world.users.unit, leave=leave, approve=False)
    decide_leave(user=world.users.unit, leave=leave, approve=False, note="工作需要")
    leave.refresh_from_db()
    with pytest.raises(ServiceError, match="不能改为“已批准”"):
        decide_leave(user=world.users.unit, leave=leave, approve=True)
    with pytest.raises(ServiceError, match="不能改为“已撤回”"):
        withdraw_leave(user=world.users.instructor, leave=leave)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (WED, MON, "结束日期不能早于"),
        (datetime.date(2026, 10, 30), datetime.date(2026, 11, 2), "同一个月内"),
        (datetime.date(2026, 10, 3), datetime.date(2026, 10, 4), "没有工作日"),
    ],
)
def test_bad_dates_are_refused(world, start, end, message):
    with pytest.raises(ServiceError, match=message):
        request_leave(user=world.users.instructor, start=start, end=end, reason="事")


def test_pages_per_role(world, leave, login):
    for persona in ("instructor", "unit", "nonpublic", "county", "auditor"):
        assert (
            login(getattr(world.users, persona))
            .get(leave.get_absolute_url())
            .status_code
            == 200
        )
    assert login(world.users.social).get(leave.get_absolute_url()).status_code == 404
    assert login(world.users.contact).get("/duties/leave/").status_code == 403
    assert (
        login(world.users.nonpublic)
        .post(f"/duties/leave/{leave.pk}/approve/")
        .status_code
        == 403
    )
    assert (
        login(world.users.unit).get(f"/duties/leave/{leave.pk}/approve/").status_code
        == 405
    )
    response = login(world.users.unit).post(
        f"/duties/leave/{leave.pk}/approve/", {"version": leave.version}
    )
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == "approved"


def test_the_instructor_asks_through_the_page(world, login):
    client = login(world.users.instructor)
    response = client.post(
        "/duties/leave/new/",
        {"start": "2026-10-12", "end": "2026-10-12", "reason": "就医"},
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get().days == 1
    assert login(world.users.unit).get("/duties/leave/new/").status_code == 403


@pytest.mark.parametrize("rows", [5, 35])
def test_the_leave_list_runs_a_flat_number_of_queries(
    world, login, rows, django_assert_max_num_queries
):
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                region=world.county,
                instructor=world.ins_a,
                start=MON,
                end=MON,
                days=1,
                reason=f"事由{n}",
            )
            for n in range(rows)
        ]
    )
    client = login(world.users.unit)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/leave/").status_code == 200


# --- the code of conduct ---------------------------------------------------------------------


def test_the_instructor_acknowledges_the_code_once_a_year(world, login):
    from liangxin.duties.models import ConductAcknowledgement

    client = login(world.users.instructor)
    assert "我已阅读并承诺遵守" in client.get("/duties/conduct/").content.decode()
    assert client.post("/duties/conduct/acknowledge/").status_code == 302
    assert ConductAcknowledgement.objects.filter(instructor=world.ins_a).count() == 1
    assert AuditLog.objects.filter(note__startswith="确认").exists()
    response = client.post("/duties/conduct/acknowledge/", follow=True)
    assert "无需重复确认" in response.content.decode()
    assert client.get("/duties/conduct/acknowledge/").status_code == 405
    unit_page = login(world.users.unit).get("/duties/conduct/").content.decode()
    assert "张建国" in unit_page and "王志强" in unit_page and "李秀英" not in unit_page
    assert (
        login(world.users.unit).post("/duties/conduct/acknowledge/").status_code == 403
    )
    assert login(world.users.contact).get("/duties/conduct/").status_code == 403
    with pytest.raises(ServiceError, match="只有党建工作指导员"):
        acknowledge_conduct(user=world.users.county)
