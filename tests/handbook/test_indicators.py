import datetime

from liangxin.core import indicators
from liangxin.handbook.models import Section, WorkPlanProgress

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def test_handbook_entries_are_counted_in_total_and_by_section(world, make_entry):
    make_entry(world.asg_a, date=datetime.date(2026, 2, 1), section=Section.WORK)
    make_entry(world.asg_a, date=datetime.date(2026, 3, 1), section=Section.THOUGHTS)
    make_entry(world.asg_a, date=datetime.date(2026, 3, 2), section=Section.THOUGHTS)
    make_entry(
        world.asg_a, date=datetime.date(2026, 8, 1), section=Section.WORK
    )  # outside
    ids = [world.ins_a.pk, world.ins_b.pk]
    assert indicators.compute("handbook.entries", ids, START, END) == {
        world.ins_a.pk: 3,
        world.ins_b.pk: 0,
    }
    assert (
        indicators.compute("handbook.entries.thoughts", ids, START, END)[world.ins_a.pk]
        == 2
    )
    assert (
        indicators.compute("handbook.entries.profile", ids, START, END)[world.ins_a.pk]
        == 0
    )


def test_problems_raised_resolved_and_median_days(world, make_problem):
    make_problem(
        world.asg_a,
        raised_on=datetime.date(2026, 1, 10),
        status="resolved",
        resolution="已协调",
        resolved_on=datetime.date(2026, 1, 20),
    )  # 10 days
    make_problem(
        world.asg_a,
        raised_on=datetime.date(2026, 2, 1),
        status="closed",
        resolution="已办结",
        resolved_on=datetime.date(2026, 3, 3),
    )  # 30 days
    make_problem(
        world.asg_a,
        raised_on=datetime.date(2026, 3, 1),
        status="resolved",
        resolution="已协调",
        resolved_on=datetime.date(2026, 3, 5),
    )  # 4 days
    make_problem(world.asg_a, raised_on=datetime.date(2026, 5, 1))  # still open
    ids = [world.ins_a.pk]
    assert indicators.compute("handbook.problems_raised", ids, START, END) == {
        world.ins_a.pk: 4
    }
    assert indicators.compute("handbook.problems_resolved", ids, START, END) == {
        world.ins_a.pk: 3
    }
    assert indicators.compute("handbook.problem_median_days", ids, START, END) == {
        world.ins_a.pk: 10
    }


def test_plans_with_progress_in_the_period(world, make_plan):
    plan = make_plan(world.asg_a, year=2026)
    make_plan(world.asg_b, year=2026)  # no progress
    WorkPlanProgress.objects.create(
        plan=plan, date=datetime.date(2026, 4, 1), content="已完成", percent=50
    )
    ids = [world.ins_a.pk, world.ins_b.pk]
    assert indicators.compute("handbook.plans_with_progress", ids, START, END) == {
        world.ins_a.pk: 1,
        world.ins_b.pk: 0,
    }


def test_handbook_indicators_use_a_fixed_number_of_queries(
    world, make_entry, django_assert_max_num_queries
):
    from tests import factories as f

    many = [f.InstructorFactory(committee=world.nonpublic).pk for _ in range(20)]
    for name in (
        "handbook.entries",
        "handbook.problems_resolved",
        "handbook.problem_median_days",
        "handbook.plans_with_progress",
    ):
        with django_assert_max_num_queries(1):
            indicators.compute(name, [world.ins_a.pk], START, END)
        with django_assert_max_num_queries(1):
            indicators.compute(name, many, START, END)
