"""Writing the handbook: only the assigned instructor, on dates the assignment covers."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.handbook import services
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ResearchNote,
    Section,
    WorkPlan,
    WorkPlanProgress,
)
from tests.handbook.conftest import days_ago


def _entry(world, **overrides):
    values = {
        "user": world.users.instructor,
        "organization": world.org_a,
        "section": Section.THOUGHTS,
        "date": days_ago(1),
        "title": "职工思想动态",
        "content": "职工关心工资按时发放。",
    }
    values.update(overrides)
    return services.record_entry(**values)


def test_the_assigned_instructor_records_an_entry_and_it_is_audited(world, make_visit):
    visit = make_visit(world.asg_a, days_ago(1))
    entry = _entry(world, visit=visit)
    assert entry.instructor == world.ins_a and entry.region_id == world.org_a.region_id
    log = AuditLog.objects.get(object_id=str(entry.pk), action="create")
    assert "填写工作手册" in log.note


def test_an_entry_within_an_ended_assignment_is_accepted(world):
    world.asg_a.ended_on = days_ago(10)
    world.asg_a.save()
    assert _entry(world, date=days_ago(11)).pk


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organization": "org_a2"}, "该组织不是您派驻的组织。"),
        ({"organization": "org_b"}, "该组织不是您派驻的组织。"),
        ({"date": datetime.date(2024, 2, 1)}, "该日期不在您派驻该组织的期间内。"),
        (
            {"date": timezone.localdate() + datetime.timedelta(days=1)},
            "日期不能晚于今天。",
        ),
        ({"title": "  "}, "请填写标题。"),
        ({"content": ""}, "请填写内容。"),
    ],
)
def test_it_refuses_an_entry_breaking_a_rule(world, overrides, message):
    if isinstance(overrides.get("organization"), str):
        overrides["organization"] = getattr(world, overrides["organization"])
    with pytest.raises(ServiceError, match=message):
        _entry(world, **overrides)
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize(
    "persona", ["county", "nonpublic", "contact", "unit", "auditor"]
)
def test_only_an_instructor_writes_a_handbook(world, persona):
    with pytest.raises(ServiceError, match="只有党建工作指导员本人可以填写工作手册。"):
        _entry(world, user=getattr(world.users, persona))
    assert not HandbookEntry.objects.exists()


def test_it_refuses_a_visit_of_another_organization(world, make_visit):
    other = make_visit(world.asg_b, days_ago(1))
    with pytest.raises(ServiceError, match="所选到岗记录不是您在该组织的到岗记录。"):
        _entry(world, visit=other)
    assert not HandbookEntry.objects.exists()


def _problem(world, **overrides):
    values = {
        "user": world.users.instructor,
        "organization": world.org_a,
        "raised_by_kind": "employee",
        "category": "labour",
        "description": "部分职工工资拖欠",
        "raised_on": days_ago(2),
    }
    values.update(overrides)
    return services.raise_problem(**values)


def test_the_instructor_raises_a_problem_open_and_audited(world):
    problem = _problem(world)
    assert problem.status == "open"
    assert AuditLog.objects.filter(
        object_id=str(problem.pk), note="登记问题和困难"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organization": "org_a2"}, "该组织不是您派驻的组织。"),
        ({"raised_on": datetime.date(2023, 1, 1)}, "该日期不在您派驻该组织的期间内。"),
        ({"description": " "}, "请填写问题描述。"),
        ({"user": "nonpublic"}, "只有党建工作指导员本人可以填写工作手册。"),
        ({"category": "nonsense"}, "问题类别"),
    ],
)
def test_it_refuses_a_problem_breaking_a_rule(world, overrides, message):
    if overrides.get("organization"):
        overrides["organization"] = getattr(world, overrides["organization"])
    if overrides.get("user"):
        overrides["user"] = getattr(world.users, overrides["user"])
    with pytest.raises(ServiceError, match=message):
        _problem(world, **overrides)
    assert not Problem.objects.exists()


def _plan(world, **overrides):
    values = {
        "organization": world.org_a,
        "year": timezone.localdate().year,
        "goals": "规范支部建设",
        "measures": "每月主题党日",
    }
    values.update(overrides)
    return WorkPlan(**values)


def test_the_instructor_saves_a_plan_once_per_organization_and_year(world):
    plan = services.save_plan(user=world.users.instructor, plan=_plan(world))
    assert plan.instructor == world.ins_a
    with pytest.raises(
        ServiceError, match="您该年度已有该组织的工作计划，请直接编辑。"
    ):
        services.save_plan(user=world.users.instructor, plan=_plan(world))
    plan.goals = "新的目标"
    services.save_plan(user=world.users.instructor, plan=plan, expected_version=1)
    assert WorkPlan.objects.get().goals == "新的目标"
    assert WorkPlan.objects.get().version == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 2023}, "该日期不在您派驻该组织的期间内。"),
        ({"year": timezone.localdate().year + 2}, "年度须在"),
        ({"organization": "org_b"}, "该组织不是您派驻的组织。"),
        ({"goals": ""}, "请填写目标。"),
    ],
)
def test_it_refuses_a_plan_breaking_a_rule(world, overrides, message):
    if overrides.get("organization"):
        overrides["organization"] = getattr(world, overrides["organization"])
    with pytest.raises(ServiceError, match=message):
        services.save_plan(user=world.users.instructor, plan=_plan(world, **overrides))
    assert not WorkPlan.objects.exists()


def test_only_the_author_edits_a_plan(world, make_plan):
    plan = make_plan(world.asg_b)
    with pytest.raises(ServiceError, match="只能编辑您本人的工作计划。"):
        services.save_plan(user=world.users.instructor, plan=plan)
    with pytest.raises(ServiceError, match="只有党建工作指导员本人"):
        services.save_plan(user=world.users.social, plan=plan)


def test_progress_and_notes_are_added_to_the_own_plan_and_audited(
    world, make_plan, make_visit
):
    plan = make_plan(world.asg_a)
    today = timezone.localdate()
    progress = services.add_progress(
        user=world.users.instructor,
        plan=plan,
        date=today,
        content="完成调研",
        percent=30,
    )
    note = services.add_research_note(
        user=world.users.instructor,
        plan=plan,
        date=today,
        topic="职工思想",
        content="走访 20 人",
        visit=make_visit(world.asg_a, today),
    )
    for row in (progress, note):
        log = AuditLog.objects.get(
            object_id=str(row.pk),
            action="create",
            content_type__model=row._meta.model_name,
        )
        assert log.region_id == plan.region_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"percent": 101}, "完成进度须在 0 到 100 之间。"),
        ({"percent": -1}, "完成进度须在 0 到 100 之间。"),
        ({"content": ""}, "请填写进展情况。"),
        ({"date": datetime.date(2001, 1, 1)}, "进展日期须在计划年度"),
        ({"user": "nonpublic"}, "只有党建工作指导员本人"),
    ],
)
def test_it_refuses_progress_breaking_a_rule(world, make_plan, overrides, message):
    plan = make_plan(world.asg_a)
    values = {
        "user": world.users.instructor,
        "plan": plan,
        "date": timezone.localdate(),
        "content": "完成调研",
        "percent": 30,
    }
    values.update(overrides)
    if isinstance(values["user"], str):
        values["user"] = getattr(world.users, values["user"])
    with pytest.raises(ServiceError, match=message):
        services.add_progress(**values)
    assert not WorkPlanProgress.objects.exists()


def test_it_refuses_a_note_on_another_instructors_plan_or_with_a_foreign_visit(
    world, make_plan, make_visit
):
    other_plan = make_plan(world.asg_b)
    with pytest.raises(ServiceError, match="只能在您本人的工作计划中记录。"):
        services.add_research_note(
            user=world.users.instructor,
            plan=other_plan,
            date=days_ago(1),
            topic="调研",
            content="内容",
        )
    plan = make_plan(world.asg_a)
    with pytest.raises(ServiceError, match="所选到岗记录不是您在该组织的到岗记录。"):
        services.add_research_note(
            user=world.users.instructor,
            plan=plan,
            date=days_ago(1),
            topic="调研",
            content="内容",
            visit=make_visit(world.asg_b, days_ago(1)),
        )
    with pytest.raises(ServiceError, match="请填写调研主题。"):
        services.add_research_note(
            user=world.users.instructor,
            plan=plan,
            date=days_ago(1),
            topic="",
            content="内容",
        )
    assert not ResearchNote.objects.exists()
