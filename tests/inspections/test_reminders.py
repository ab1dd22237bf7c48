"""逾期提醒: an instructor is told once of each overdue problem and rectification they may see,
never of a 暗访's findings."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from liangxin.core.models import Notification
from liangxin.inspections.models import Inspection, Rectification
from tests import factories as f

LONG_AGO = datetime.timedelta(days=200)


def _inspection(world, kind, instructor=None):
    instructor = instructor or world.ins_a
    return Inspection.objects.create(
        region=world.county,
        kind=kind,
        date=timezone.localdate() - LONG_AGO,
        inspectors="县委社会工作部",
        instructor=instructor,
        organization=world.org_a,
        issues="手册记录不全",
    )


def _rectify(inspection, description, *, due, closed=None):
    return Rectification.objects.create(
        inspection=inspection,
        description=description,
        owner="张建国",
        due_on=due,
        closed_on=closed,
    )


def _run() -> str:
    out = StringIO()
    call_command("send_overdue_reminders", stdout=out)
    return out.getvalue()


def _notices(user):
    return list(Notification.objects.filter(recipient=user).order_by("key"))


def test_an_overdue_problem_is_told_to_its_instructor_once(world, login):
    today = timezone.localdate()
    late = f.ProblemFactory(
        organization=world.org_a,
        instructor=world.ins_a,
        raised_on=today - LONG_AGO,
        description="工资拖欠两个月",
    )
    f.ProblemFactory(organization=world.org_a, instructor=world.ins_a)  # raised today
    f.ProblemFactory(  # another instructor's, who has no account: nobody to tell
        organization=world.org_b, instructor=world.ins_b, raised_on=today - LONG_AGO
    )
    assert "问题逾期提醒 1 条" in _run()
    (notice,) = _notices(world.users.instructor)
    assert notice.title == f"问题逾期未办结：{world.org_a.name}"
    assert "工资拖欠两个月" in notice.body and notice.url == late.get_absolute_url()
    assert "问题逾期提醒 0 条" in _run()  # the job runs daily: once per problem
    assert len(_notices(world.users.instructor)) == 1
    # the notice opens the problem for the instructor
    assert login(world.users.instructor).get(notice.url).status_code == 200


def test_a_resolved_problem_is_not_reminded(world):
    f.ProblemFactory(
        organization=world.org_a,
        instructor=world.ins_a,
        raised_on=timezone.localdate() - LONG_AGO,
        status="resolved",
        resolution="已协调发放",
        resolved_on=timezone.localdate(),
    )
    _run()
    assert _notices(world.users.instructor) == []


def test_an_overdue_rectification_is_told_but_never_a_covert_visits(world, login):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    open_visit = _inspection(world, "open")
    late = _rectify(open_visit, "补全十月工作手册", due=yesterday)
    _rectify(open_visit, "整理党员名册", due=today)  # due today: not late yet
    _rectify(open_visit, "已整改的事项", due=yesterday, closed=yesterday)
    covert = _inspection(world, "covert")
    _rectify(covert, "说明暗访时去向", due=yesterday)
    output = _run()
    assert "整改逾期提醒 1 条" in output
    (notice,) = _notices(world.users.instructor)
    assert notice.title == f"整改逾期：{world.org_a.name}"
    assert "补全十月工作手册" in notice.body and f"{yesterday:%Y-%m-%d}" in notice.body
    assert notice.url == late.get_absolute_url()
    assert not Notification.objects.filter(body__contains="暗访").exists()
    assert login(world.users.instructor).get(notice.url).status_code == 200
    _run()
    assert len(_notices(world.users.instructor)) == 1
