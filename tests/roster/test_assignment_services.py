"""Assign, reassign and end: one active instructor per organization, history kept, all audited."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.services import ConflictError, ServiceError
from liangxin.orgs.models import OrgStatus
from liangxin.roster.models import Assignment, InstructorStatus
from liangxin.roster.services import (
    assign_instructor,
    end_assignment,
    reassign_organization,
)
from tests import factories as f

TODAY = datetime.date.today()
D = datetime.date


def snapshot_db():
    return (
        list(Assignment.objects.order_by("pk").values()),
        AuditLog.objects.count(),
    )


# --- assign ---------------------------------------------------------------------------------


def test_assign(world):
    before = AuditLog.objects.count()
    asg = assign_instructor(
        user=world.users.nonpublic,
        instructor=world.ins_idle,
        organization=world.org_a2,
        started_on=D(2025, 3, 1),
        note="首次派驻",
    )
    asg.refresh_from_db()
    assert (
        asg.is_active and asg.committee == world.nonpublic and asg.region_id == "140931"
    )
    assert asg.note == "首次派驻" and asg.version == 1
    assert AuditLog.objects.count() == before + 1
    entry = AuditLog.objects.latest("pk")
    assert entry.action == AuditAction.ASSIGN
    assert entry.user == world.users.nonpublic and entry.object_id == str(asg.pk)
    assert entry.before is None
    assert entry.after["organization"] == world.org_a2.pk
    assert entry.after["instructor"] == world.ins_idle.pk
    assert entry.after["started_on"] == "2025-03-01"
    assert entry.after["ended_on"] is None


def test_second_active_assignment_is_refused(world):
    before = snapshot_db()
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.county,
            instructor=world.ins_idle,
            organization=world.org_a,
            started_on=D(2025, 3, 1),
        )
    assert exc.value.message == (
        "该组织已有在岗指导员（张建国），请先结束原派驻或使用“调整派驻”。"
    )
    assert exc.value.field == "organization"
    assert snapshot_db() == before


def test_database_constraint_refuses_raw_second_active_assignment(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            region=world.county,
            committee=world.nonpublic,
            instructor=world.ins_idle,
            organization=world.org_a,
            started_on=D(2025, 1, 1),
        )
    assert (
        Assignment.objects.filter(
            organization=world.org_a, ended_on__isnull=True
        ).count()
        == 1
    )


def test_database_constraint_allows_many_ended_assignments(world):
    for year in (2020, 2021, 2022):
        Assignment.objects.create(
            region=world.county,
            committee=world.nonpublic,
            instructor=world.ins_idle,
            organization=world.org_a,
            started_on=D(year, 1, 1),
            ended_on=D(year, 12, 31),
            end_reason="到期",
        )
    assert Assignment.objects.filter(organization=world.org_a).count() == 4


def test_database_check_constraint_refuses_end_before_start(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=world.asg_a.pk).update(ended_on=D(2020, 1, 1))


def test_committee_staff_cannot_assign_other_committee_org(world):
    before = snapshot_db()
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.nonpublic,
            instructor=world.ins_idle,
            organization=world.org_b,
            started_on=D(2025, 3, 1),
        )
    assert "其他行业党委" in exc.value.message
    assert snapshot_db() == before


def test_committee_staff_cannot_assign_other_committee_instructor(world):
    free_b = f.InstructorFactory(committee=world.social, unit=world.unit_b)
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.nonpublic,
            instructor=free_b,
            organization=world.org_a2,
            started_on=D(2025, 3, 1),
        )
    assert exc.value.message == "该指导员不在您的管辖范围内。"


def test_county_admin_cannot_assign_in_other_county(world):
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.county,
            instructor=world.ins_idle,
            organization=world.org_far,
            started_on=D(2025, 3, 1),
        )
    assert "不在您的管辖范围内" in exc.value.message


@pytest.mark.parametrize("what", ["instructor", "organization"])
def test_inactive_parties_cannot_be_assigned(world, what):
    if what == "instructor":
        world.ins_idle.status = InstructorStatus.LEFT
        world.ins_idle.save()
    else:
        world.org_a2.status = OrgStatus.CLOSED
        world.org_a2.save()
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.county,
            instructor=world.ins_idle,
            organization=world.org_a2,
            started_on=D(2025, 3, 1),
        )
    assert "当前状态为" in exc.value.message and "不能派驻" in exc.value.message
    assert not Assignment.objects.filter(organization=world.org_a2).exists()


def test_start_more_than_a_year_ahead_is_refused(world):
    with pytest.raises(ServiceError) as exc:
        assign_instructor(
            user=world.users.county,
            instructor=world.ins_idle,
            organization=world.org_a2,
            started_on=TODAY + datetime.timedelta(days=400),
        )
    assert exc.value.message == "派驻开始日期不能晚于一年以后。"


# --- end ------------------------------------------------------------------------------------


def test_end_assignment(world):
    asg = world.asg_a
    updated = end_assignment(
        user=world.users.nonpublic,
        assignment=asg,
        ended_on=D(2025, 2, 28),
        reason="  工作调动 ",
        expected_version=asg.version,
    )
    updated.refresh_from_db()
    assert updated.ended_on == D(2025, 2, 28) and updated.end_reason == "工作调动"
    assert updated.version == 2
    entry = AuditLog.objects.latest("pk")
    assert entry.action == AuditAction.END and entry.object_id == str(asg.pk)
    assert entry.before["ended_on"] is None and entry.before["end_reason"] == ""
    assert (
        entry.after["ended_on"] == "2025-02-28"
        and entry.after["end_reason"] == "工作调动"
    )
    assert entry.before["version"] == 1 and entry.after["version"] == 2
    assert "工作调动" in entry.note


@pytest.mark.parametrize(
    "ended_on, reason, message",
    [
        (D(2025, 2, 28), "", "请填写结束原因。"),
        (D(2025, 2, 28), "   ", "请填写结束原因。"),
        (D(2024, 2, 29), "到期", "结束日期不能早于派驻开始日期。"),
        (TODAY + datetime.timedelta(days=1), "到期", "结束日期不能晚于今天。"),
    ],
)
def test_end_is_validated(world, ended_on, reason, message):
    before = snapshot_db()
    with pytest.raises(ServiceError) as exc:
        end_assignment(
            user=world.users.county,
            assignment=world.asg_a,
            ended_on=ended_on,
            reason=reason,
        )
    assert exc.value.message == message
    assert snapshot_db() == before


def test_end_on_start_day_and_today_are_allowed(world):
    end_assignment(
        user=world.users.county,
        assignment=world.asg_a,
        ended_on=D(2024, 3, 1),
        reason="当日结束",
    )
    end_assignment(
        user=world.users.county, assignment=world.asg_b, ended_on=TODAY, reason="今日"
    )
    assert (
        not Assignment.objects.active()
        .filter(pk__in=[world.asg_a.pk, world.asg_b.pk])
        .exists()
    )


def test_end_twice_is_refused(world):
    end_assignment(
        user=world.users.county,
        assignment=world.asg_a,
        ended_on=D(2025, 1, 1),
        reason="到期",
    )
    with pytest.raises(ServiceError) as exc:
        end_assignment(
            user=world.users.county,
            assignment=world.asg_a,
            ended_on=D(2025, 2, 1),
            reason="到期",
        )
    assert exc.value.message == "该派驻已经结束。"


def test_end_other_committee_refused(world):
    with pytest.raises(ServiceError) as exc:
        end_assignment(
            user=world.users.nonpublic,
            assignment=world.asg_b,
            ended_on=D(2025, 1, 1),
            reason="到期",
        )
    assert exc.value.message == "该派驻记录不在您的管辖范围内。"
    world.asg_b.refresh_from_db()
    assert world.asg_b.is_active


def test_end_with_stale_version_is_a_conflict(world):
    stale = Assignment.objects.get(pk=world.asg_a.pk)
    Assignment.objects.filter(pk=world.asg_a.pk).update(version=2, note="他人修改")
    with pytest.raises(ConflictError) as exc:
        end_assignment(
            user=world.users.county,
            assignment=stale,
            ended_on=D(2025, 1, 1),
            reason="到期",
            expected_version=1,
        )
    assert "已被他人修改" in exc.value.message
    fresh = Assignment.objects.get(pk=world.asg_a.pk)
    assert fresh.is_active and fresh.note == "他人修改"


# --- reassign -------------------------------------------------------------------------------


def test_reassign_ends_old_and_starts_new(world):
    audit_before = AuditLog.objects.count()
    new = reassign_organization(
        user=world.users.nonpublic,
        organization=world.org_a,
        instructor=world.ins_idle,
        started_on=D(2025, 3, 1),
        reason="轮换",
    )
    old = Assignment.objects.get(pk=world.asg_a.pk)
    assert old.ended_on == D(2025, 2, 28) and old.end_reason == "轮换"  # history kept
    assert (
        new.is_active
        and new.instructor == world.ins_idle
        and new.started_on == D(2025, 3, 1)
    )
    assert list(
        Assignment.objects.filter(organization=world.org_a).order_by("started_on")
    ) == [old, new]
    assert Assignment.objects.active().filter(organization=world.org_a).get() == new
    entries = list(AuditLog.objects.order_by("pk")[audit_before:])
    assert [e.action for e in entries] == [AuditAction.END, AuditAction.ASSIGN]
    assert (
        entries[0].before["ended_on"] is None
        and entries[0].after["ended_on"] == "2025-02-28"
    )
    assert (
        entries[1].before is None
        and entries[1].after["instructor"] == world.ins_idle.pk
    )


def test_reassign_is_atomic(world):
    """If the new assignment is refused, the old one is not ended either."""
    world.ins_idle.status = InstructorStatus.SUSPENDED
    world.ins_idle.save()
    before = snapshot_db()
    with pytest.raises(ServiceError):
        reassign_organization(
            user=world.users.county,
            organization=world.org_a,
            instructor=world.ins_idle,
            started_on=D(2025, 3, 1),
            reason="轮换",
        )
    assert snapshot_db() == before
    assert Assignment.objects.get(pk=world.asg_a.pk).is_active


def test_reassign_to_same_instructor_is_refused(world):
    with pytest.raises(ServiceError) as exc:
        reassign_organization(
            user=world.users.county,
            organization=world.org_a,
            instructor=world.ins_a,
            started_on=D(2025, 3, 1),
            reason="",
        )
    assert exc.value.message == "该指导员已在此组织在岗，无需调整。"


def test_reassign_other_committee_org_by_staff_changes_nothing(world):
    before = snapshot_db()
    with pytest.raises(ServiceError):
        reassign_organization(
            user=world.users.nonpublic,
            organization=world.org_b,
            instructor=world.ins_idle,
            started_on=D(2025, 3, 1),
            reason="轮换",
        )
    assert snapshot_db() == before


def test_reassign_without_current_assignment_just_assigns(world):
    new = reassign_organization(
        user=world.users.county,
        organization=world.org_a2,
        instructor=world.ins_idle,
        started_on=D(2025, 3, 1),
        reason="",
    )
    assert (
        new.is_active
        and Assignment.objects.filter(organization=world.org_a2).count() == 1
    )


# --- through the pages ----------------------------------------------------------------------


def test_assign_page(world, login):
    client = login(world.users.nonpublic)
    response = client.post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_idle.pk,
            "started_on": "2025-03-01",
            "reason": "新派",
        },
    )
    assert response.status_code == 302
    asg = Assignment.objects.get(organization=world.org_a2)
    assert response["Location"] == world.org_a2.get_absolute_url()
    assert asg.instructor == world.ins_idle and asg.note == "新派"
    assert AuditLog.objects.filter(
        action=AuditAction.ASSIGN, object_id=str(asg.pk)
    ).exists()


def test_assign_page_refuses_second_active(world, login):
    client = login(world.users.nonpublic)
    before = snapshot_db()
    response = client.post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a.pk,
            "instructor": world.ins_idle.pk,
            "started_on": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert "该组织已有在岗指导员（张建国）" in response.content.decode()
    assert snapshot_db() == before


def test_assign_page_reassign(world, login):
    client = login(world.users.nonpublic)
    response = client.post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a.pk,
            "instructor": world.ins_idle.pk,
            "started_on": "2025-03-01",
            "reason": "轮换",
            "reassign": "1",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(pk=world.asg_a.pk).ended_on == D(2025, 2, 28)
    assert (
        Assignment.objects.active().get(organization=world.org_a).instructor
        == world.ins_idle
    )


def test_assign_page_other_committee_org_is_not_a_choice(world, login):
    client = login(world.users.nonpublic)
    before = snapshot_db()
    response = client.post(
        "/roster/assignments/new/",
        {
            "organization": world.org_b.pk,
            "instructor": world.ins_idle.pk,
            "started_on": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert snapshot_db() == before


def test_end_page(world, login):
    client = login(world.users.nonpublic)
    url = f"/roster/assignments/{world.asg_a.pk}/end/"
    response = client.post(
        url,
        {
            "ended_on": "2025-02-28",
            "end_reason": "到期",
            "version": world.asg_a.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == world.asg_a.get_absolute_url()
    asg = Assignment.objects.get(pk=world.asg_a.pk)
    assert asg.ended_on == D(2025, 2, 28) and asg.end_reason == "到期"
    assert "派驻已结束。" in client.get(response["Location"]).content.decode()
    entry = AuditLog.objects.filter(action=AuditAction.END, object_id=str(asg.pk)).get()
    assert entry.before["ended_on"] is None and entry.after["ended_on"] == "2025-02-28"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"ended_on": "2025-02-28", "end_reason": ""}, "请填写结束日期和原因。"),
        (
            {"ended_on": "2024-01-01", "end_reason": "到期"},
            "结束日期不能早于派驻开始日期。",
        ),
        (
            {
                "ended_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
                "end_reason": "到期",
            },
            "结束日期不能晚于今天。",
        ),
        (
            {"ended_on": "2025-02-28", "end_reason": "到期", "version": "99"},
            "已被他人修改",
        ),
    ],
)
def test_end_page_refusals(world, login, data, message):
    client = login(world.users.nonpublic)
    before = snapshot_db()
    response = client.post(
        f"/roster/assignments/{world.asg_a.pk}/end/", data, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot_db() == before


def test_end_page_other_committee_is_404(world, login):
    client = login(world.users.nonpublic)
    response = client.post(
        f"/roster/assignments/{world.asg_b.pk}/end/",
        {"ended_on": "2025-02-28", "end_reason": "到期"},
    )
    assert response.status_code == 404
    assert Assignment.objects.get(pk=world.asg_b.pk).is_active


def test_end_page_requires_post(world, login):
    client = login(world.users.nonpublic)
    assert client.get(f"/roster/assignments/{world.asg_a.pk}/end/").status_code == 405
