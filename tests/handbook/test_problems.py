"""The problem lifecycle: guarded moves with a history row and an audit entry; overdue."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core.models import AuditLog, Policy
from liangxin.core.services import ConflictError, ServiceError
from liangxin.handbook import services
from liangxin.handbook.models import (
    TRANSITIONS,
    Problem,
    ProblemStatus,
    ProblemTransition,
)
from tests.handbook.conftest import days_ago

ALL = list(ProblemStatus.values)
LEGAL = [(a, b) for a in ALL for b in TRANSITIONS[a]]
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in TRANSITIONS[a]]
DETAILS = {"referred_to": "县人社局", "resolution": "已协调解决"}


@pytest.mark.parametrize(("start", "to"), ILLEGAL)
def test_every_illegal_move_is_refused_and_nothing_changes(
    world, make_problem, start, to
):
    problem = make_problem(world.asg_a, status=start)
    audits = AuditLog.objects.count()
    with pytest.raises(ServiceError, match="不能改为") as exc:
        services.move_problem(
            user=world.users.instructor, problem=problem, to=to, **DETAILS
        )
    assert ProblemStatus(start).label in exc.value.message
    fresh = Problem.objects.get(pk=problem.pk)
    assert (fresh.status, fresh.version, fresh.referred_to, fresh.resolution) == (
        start,
        1,
        problem.referred_to,
        "",
    )
    assert not ProblemTransition.objects.exists()
    assert AuditLog.objects.count() == audits


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_every_legal_move_is_audited_with_a_history_row(world, make_problem, start, to):
    problem = make_problem(world.asg_a, status=start)
    step = services.move_problem(
        user=world.users.instructor,
        problem=problem,
        to=to,
        note="按程序办理",
        expected_version=1,
        **DETAILS,
    )
    fresh = Problem.objects.get(pk=problem.pk)
    assert fresh.status == to and fresh.version == 2
    assert (step.from_status, step.to_status, step.by, step.note) == (
        start,
        to,
        world.users.instructor,
        "按程序办理",
    )
    log = AuditLog.objects.get(object_id=str(problem.pk), action="update")
    assert log.before["status"] == start and log.after["status"] == to
    assert "问题办理" in log.note
    if to in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
        assert fresh.resolved_on is not None and fresh.resolution == "已协调解决"


@pytest.mark.parametrize(
    ("start", "to", "missing", "message"),
    [
        ("in_progress", "referred", "referred_to", "请填写转交部门。"),
        ("in_progress", "resolved", "resolution", "请填写办理结果。"),
        ("referred", "closed", "resolution", "办结前请填写办理结果。"),
    ],
)
def test_a_move_missing_its_details_is_refused(
    world, make_problem, start, to, missing, message
):
    problem = make_problem(world.asg_a, status=start)
    details = {**DETAILS, missing: ""}
    with pytest.raises(ServiceError, match=message):
        services.move_problem(
            user=world.users.instructor, problem=problem, to=to, **details
        )
    assert Problem.objects.get(pk=problem.pk).status == start
    assert not ProblemTransition.objects.exists()


@pytest.mark.parametrize("persona", ["county", "nonpublic", "contact", "unit"])
def test_only_the_problems_instructor_moves_it(world, make_problem, persona):
    problem = make_problem(world.asg_a)
    with pytest.raises(ServiceError, match="只有负责该问题的指导员可以办理。"):
        services.move_problem(
            user=getattr(world.users, persona), problem=problem, to="in_progress"
        )
    assert Problem.objects.get(pk=problem.pk).status == "open"


def test_a_stale_version_is_refused_as_a_conflict(world, make_problem):
    problem = make_problem(world.asg_a)
    with pytest.raises(ConflictError, match="已被他人修改"):
        services.move_problem(
            user=world.users.instructor,
            problem=problem,
            to="in_progress",
            expected_version=7,
        )
    assert not ProblemTransition.objects.exists()


def test_overdue_uses_each_regions_policy_in_one_set_based_query(
    world, make_problem, django_assert_num_queries
):
    today = timezone.localdate()
    Policy.objects.create(region=world.county, year=today.year, problem_overdue_days=10)
    old = make_problem(world.asg_a, raised_on=today - datetime.timedelta(days=11))
    in_progress = make_problem(
        world.asg_a, raised_on=today - datetime.timedelta(days=40), status="in_progress"
    )
    make_problem(
        world.asg_a, raised_on=today - datetime.timedelta(days=10)
    )  # on the limit
    make_problem(
        world.asg_a,
        raised_on=today - datetime.timedelta(days=60),
        status="resolved",
        resolution="已解决",
    )
    far_asg = world.asg_b.__class__.objects.create(
        region=world.org_far.region,
        committee=world.far,
        instructor=world.ins_idle,
        organization=world.org_far,
        started_on=datetime.date(2024, 3, 1),
    )
    far_recent = make_problem(far_asg, raised_on=today - datetime.timedelta(days=20))
    far_old = make_problem(far_asg, raised_on=today - datetime.timedelta(days=31))
    with django_assert_num_queries(3):  # regions, policies, the problems
        overdue = set(Problem.objects.overdue(today))
    assert overdue == {old, in_progress, far_old}
    assert far_recent not in overdue
    flags = dict(Problem.objects.with_overdue(today).values_list("pk", "is_overdue"))
    assert {pk for pk, flag in flags.items() if flag} == {p.pk for p in overdue}
    assert Problem.objects.none().overdue(today).count() == 0


def test_the_overdue_query_count_does_not_grow_with_rows(
    world, make_problem, django_assert_num_queries
):
    for n in range(30):
        make_problem(world.asg_a, raised_on=days_ago(35 + n))
    with django_assert_num_queries(3):
        assert len(list(Problem.objects.overdue())) == 30
