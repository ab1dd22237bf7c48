"""Month close (by command and by hand), reminders, and the instructor's line on the home
page. Cron may run every command twice: nothing is closed or notified twice."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.core.models import AuditLog, Notification
from liangxin.core.services import ServiceError
from liangxin.fieldwork import closing, services
from liangxin.fieldwork.models import Activity, MonthClose, Visit, VisitStatus
from tests import factories as f


def _last_month():
    return closing.previous_month()


def test_close_month_twice_makes_one_close(world):
    year, month = _last_month()
    call_command("close_month", stdout=io.StringIO())
    call_command("close_month", stdout=io.StringIO())
    assert (
        MonthClose.objects.filter(region=world.county, year=year, month=month).count()
        == 1
    )
    assert (
        AuditLog.objects.filter(content_type__model="monthclose").count()
        == MonthClose.objects.count()
    )


def test_close_keeps_the_figures_and_tells_the_committees(world, make_visit):
    year, month = _last_month()
    day = datetime.date(year, month, 3)
    make_visit(world.asg_a, day, status=VisitStatus.CONFIRMED)
    closed, created = closing.close_month(
        user=world.users.county, region=world.county, year=year, month=month
    )
    assert created and closed.closed_by == world.users.county
    row = next(r for r in closed.results if r["instructor"] == world.ins_a.pk)
    assert row["confirmed_days"] == 1 and row["shortfall"] == 4
    note = Notification.objects.get(recipient=world.users.nonpublic)
    assert "张建国" in note.body and "还差 4 天" in note.body
    assert "张建国" not in Notification.objects.get(recipient=world.users.social).body
    closing.close_month(
        user=world.users.county, region=world.county, year=year, month=month
    )
    assert Notification.objects.filter(recipient=world.users.nonpublic).count() == 1


@pytest.mark.parametrize(
    "persona", ["nonpublic", "instructor", "auditor", "far_county"]
)
def test_only_the_county_admin_closes(world, persona):
    year, month = _last_month()
    with pytest.raises(ServiceError, match="只有县级管理员可以结账"):
        closing.close_month(
            user=getattr(world.users, persona),
            region=world.county,
            year=year,
            month=month,
        )
    assert not MonthClose.objects.exists()


def test_the_current_month_cannot_be_closed(world, today):
    with pytest.raises(ServiceError, match="已经结束的月份"):
        closing.close_month(
            user=world.users.county,
            region=world.county,
            year=today.year,
            month=today.month,
        )
    assert not MonthClose.objects.exists()


def test_a_closed_month_refuses_a_new_visit(world):
    year, month = _last_month()
    closing.close_month(user=None, region=world.county, year=year, month=month)
    day = datetime.date(year, month, 28)
    with pytest.raises(ServiceError, match="该月已结账，不能再修改"):
        services.record_visit(
            user=world.users.instructor,
            organization=world.org_a,
            date=day,
            activities=[Activity.RESEARCH],
        )
    assert not Visit.objects.exists()


def test_the_county_admin_closes_from_the_compliance_page(world, login):
    year, month = _last_month()
    client = login(world.users.county)
    page = client.get(
        f"/fieldwork/compliance/?month={year}-{month:02d}"
    ).content.decode()
    assert "结账" in page
    client.post("/fieldwork/compliance/close/", {"month": f"{year}-{month:02d}"})
    assert MonthClose.objects.filter(year=year, month=month).count() == 1
    page = client.get(
        f"/fieldwork/compliance/?month={year}-{month:02d}"
    ).content.decode()
    assert "已结账" in page


@pytest.mark.parametrize("persona", ["nonpublic", "instructor", "auditor"])
def test_other_roles_cannot_close_from_the_page(world, login, persona):
    year, month = _last_month()
    response = login(getattr(world.users, persona)).post(
        "/fieldwork/compliance/close/", {"month": f"{year}-{month:02d}"}
    )
    assert response.status_code == 403
    assert not MonthClose.objects.exists()


def test_closing_refuses_get(world, login):
    assert (
        login(world.users.county).get("/fieldwork/compliance/close/").status_code == 405
    )


# --- reminders --------------------------------------------------------------------------


def test_reminders_twice_notify_each_once(world, make_visit, monkeypatch):
    today = timezone.localdate().replace(day=21)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    make_visit(world.asg_a, today.replace(day=2), status=VisitStatus.CONFIRMED)
    old = make_visit(world.asg_a, today.replace(day=3))
    Visit.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=5),
        recorded_at=timezone.now() - datetime.timedelta(days=5),
    )
    ins_b_user = f.UserFactory(username="ins_b", role="instructor", region=world.county)
    world.ins_b.user = ins_b_user
    world.ins_b.save()
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    mine = Notification.objects.get(recipient=world.users.instructor)
    assert mine.body == "本月已到岗 1 天，还差 4 天。"
    assert mine.key == f"short-of-minimum:{today.year}-{today.month:02d}"
    assert Notification.objects.filter(recipient=ins_b_user).count() == 1
    assert Notification.objects.filter(recipient=world.users.contact).count() == 1
    assert Notification.objects.count() == 3


def test_no_shortfall_reminder_before_the_20th(world, monkeypatch):
    today = timezone.localdate().replace(day=19)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    assert closing.send_reminders() == {"instructors": 0, "contacts": 0}
    assert not Notification.objects.exists()


# --- the home page line -----------------------------------------------------------------


def test_the_instructor_sees_the_month_on_the_home_page(
    world, login, make_visit, today
):
    make_visit(world.asg_a, today, status=VisitStatus.CONFIRMED)
    text = login(world.users.instructor).get("/").content.decode()
    assert (
        '本月已到岗 <strong>1</strong> 天，还差 <strong class="text-danger">4</strong> 天'
        in text
    )
    assert "到岗签到" in text


def test_the_home_page_says_when_the_minimum_is_met(
    world, login, make_visit, monkeypatch
):
    tenth = timezone.localdate().replace(day=10)
    monkeypatch.setattr(timezone, "localdate", lambda *a: tenth)
    other = f.AssignmentFactory(instructor=world.ins_a, organization=world.org_a2)
    for day in range(
        1, 6
    ):  # five distinct days; day 1 at two organizations counts once
        make_visit(world.asg_a, tenth.replace(day=day), status=VisitStatus.CONFIRMED)
    make_visit(other, tenth.replace(day=1), status=VisitStatus.CONFIRMED)
    text = login(world.users.instructor).get("/").content.decode()
    assert "本月已达标" in text and "已到岗 5 天" in text
