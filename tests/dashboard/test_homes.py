"""Each person in the field finds their next step on the home page: the contact confirms
visits, the instructor sees the month, today and what is due, the unit decides leave; the
committee's review queue counts long-unconfirmed visits exactly as the worklist does."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from liangxin.core.models import Notification
from liangxin.duties.models import LeaveRequest
from liangxin.facts.refresh import refresh as refresh_facts
from liangxin.fieldwork import services
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from tests import factories as f


def _visit(world, date, *, recorded_days_ago=0, status=VisitStatus.PENDING):
    return Visit.objects.create(
        region_id=world.org_a.region_id,
        instructor=world.ins_a,
        organization=world.org_a,
        assignment=world.asg_a,
        date=date,
        activities=[Activity.RESEARCH],
        summary="走访企业党员",
        recorded_via=RecordedVia.ON_SITE,
        recorded_at=timezone.now() - datetime.timedelta(days=recorded_days_ago),
        status=status,
    )


def test_the_contact_home_lists_visits_waiting_for_confirmation(
    world, login, django_assert_max_num_queries
):
    visit = _visit(world, timezone.localdate())
    client = login(world.users.contact)
    with django_assert_max_num_queries(15):
        body = client.get("/").content.decode()
    assert '有 <strong id="waiting-count">1</strong> 条到岗记录等待您确认' in body
    assert f"/fieldwork/visits/{visit.pk}/confirm/" in body
    assert "张建国" in body


def test_the_contact_confirms_from_home_and_lands_back_on_home(world, login):
    visit = _visit(world, timezone.localdate())
    response = login(world.users.contact).post(
        f"/fieldwork/visits/{visit.pk}/confirm/",
        {"version": visit.version, "next": "home"},
    )
    assert response.status_code == 302 and response.url == "/"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED


def test_the_contact_home_shows_what_was_handled_last_first(world, login):
    """An old visit confirmed just now heads 最近处理, ahead of newer visits handled before."""
    today = timezone.localdate()
    for n in range(5):  # handled a week ago, visits of the last few days
        done = _visit(world, today - datetime.timedelta(days=n + 1))
        Visit.objects.filter(pk=done.pk).update(
            status=VisitStatus.CONFIRMED,
            confirmed_at=timezone.now() - datetime.timedelta(days=7),
        )
    old = _visit(world, today - datetime.timedelta(days=60))
    client = login(world.users.contact)
    client.post(f"/fieldwork/visits/{old.pk}/confirm/", {"version": old.version})
    recent = client.get("/").context["recent"]
    assert recent[0].pk == old.pk and len(recent) == 5


def test_a_recorded_visit_notifies_the_contact_in_app_and_by_email(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.example.org"
    world.users.contact.email = "contact@example.org"
    world.users.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.record_visit(
            user=world.users.instructor,
            organization=world.org_a,
            date=timezone.localdate(),
            activities=[Activity.RESEARCH],
        )
    notice = Notification.objects.get(recipient=world.users.contact)
    assert notice.title == "有到岗记录等待您确认"
    assert notice.url == visit.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]


def test_the_other_organizations_contact_is_not_notified(world):
    services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=timezone.localdate(),
        activities=[Activity.RESEARCH],
    )
    assert not Notification.objects.exclude(recipient=world.users.contact).filter(
        title="有到岗记录等待您确认"
    )


def test_the_instructor_home_shows_today_pending_reports_and_problems(
    world, login, django_assert_max_num_queries
):
    _visit(world, timezone.localdate())
    f.ProblemFactory(
        organization=world.org_a, instructor=world.ins_a, description="职工反映食堂问题"
    )
    today = timezone.localdate()
    refresh_facts(world.county.code, [(today.year, today.month)], today, flags=False)
    client = login(world.users.instructor)
    # fixed cost: session and user, the county's newest write (the key of the kept page),
    # then one query per panel; the month's line from the facts (the visit, leave and
    # assignment services keep it current)
    with django_assert_max_num_queries(15):
        body = client.get("/").content.decode()
    with django_assert_max_num_queries(3):  # kept: session, user, the newest write
        again = client.get("/").content.decode()
    token = re.compile(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"')
    assert token.sub("", again) == token.sub("", body)
    assert "今天已签到" in body
    assert 'id="pending-visits"' in body and "等待联络员确认" in body
    assert "职工反映食堂问题" in body
    assert "逾期</span>" not in body  # raised today
    assert "应交未交的汇报" in body
    assert 'id="my-month"' in body


def test_the_instructor_home_says_when_there_is_no_check_in_today(world, login):
    body = login(world.users.instructor).get("/").content.decode()
    assert "今天尚未签到" in body


def test_the_unit_home_shows_its_cadres_month_and_leave_to_decide(world, login):
    today = timezone.localdate()
    LeaveRequest.objects.create(
        region_id=world.org_a.region_id,
        instructor=world.ins_a,
        start=today,
        end=today,
        days=1,
        reason="住院",
    )
    body = login(world.users.unit).get("/").content.decode()
    assert "待审批的请假" in body and "张建国" in body
    assert "李秀英" not in body  # another unit's cadre
    assert 'id="unit-months"' in body


@pytest.mark.parametrize("persona", ["county", "nonpublic", "auditor"])
def test_managers_do_not_get_a_field_home(world, login, persona):
    body = login(getattr(world.users, persona)).get("/").content.decode()
    assert 'id="waiting-visits"' not in body and 'id="unit-months"' not in body


def test_the_review_page_and_the_worklist_count_the_same_unconfirmed_visits(
    world, login
):
    # the date is old but the instructor recorded it today: not yet overdue
    fresh = _visit(world, timezone.localdate() - datetime.timedelta(days=3))
    stale = _visit(
        world, timezone.localdate() - datetime.timedelta(days=9), recorded_days_ago=8
    )
    client = login(world.users.nonpublic)
    review = client.get("/fieldwork/review/").content.decode()
    assert stale.get_absolute_url() in review
    assert fresh.get_absolute_url() not in review
    assert "超过 7 天未确认的到岗记录：<strong>1</strong> 条" in review
    worklist = client.get("/worklist/").content.decode()
    assert "1 条到岗记录超过 7 天未确认" in worklist
    assert services.overdue_unconfirmed(world.users.nonpublic).count() == 1


def test_the_instructor_home_marks_a_problem_past_its_time_limit(world, login):
    """A problem still open after the county's time limit (Policy.problem_overdue_days) is
    marked 逾期 on the instructor's home, as on the problem's own page."""
    f.ProblemFactory(
        organization=world.org_a,
        instructor=world.ins_a,
        description="半年前反映的工资问题",
        raised_on=timezone.localdate() - datetime.timedelta(days=180),
    )
    body = login(world.users.instructor).get("/").content.decode()
    item = body[body.index("半年前反映的工资问题") :]
    assert (
        '<span class="badge text-bg-danger">逾期</span>' in item[: item.index("</li>")]
    )
