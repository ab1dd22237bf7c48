import datetime

import pytest

from liangxin.core import indicators
from liangxin.fieldwork.models import Visit, VisitStatus


def _visit(world, org, date, status=VisitStatus.CONFIRMED, instructor=None):
    instructor = instructor or world.ins_a
    assignment = instructor.assignments.filter(organization=org).first()
    return Visit.objects.create(
        region=org.region,
        instructor=instructor,
        organization=org,
        assignment=assignment,
        date=date,
        activities=["research"],
        recorded_at=datetime.datetime(
            date.year, date.month, date.day, 9, tzinfo=datetime.UTC
        ),
        status=status,
    )


def test_the_registry_lists_the_fieldwork_indicators():
    names = {i.name for i in indicators.all_indicators()}
    assert {
        "fieldwork.confirmed_days",
        "fieldwork.months_meeting_minimum",
        "fieldwork.months_short",
    } <= names
    assert all(i.label and i.unit for i in indicators.all_indicators())


def test_an_unknown_indicator_is_a_clear_error():
    with pytest.raises(indicators.UnknownIndicator):
        indicators.get("nope.nothing")


def test_registering_a_different_indicator_under_a_taken_name_is_refused():
    taken = indicators.get("fieldwork.confirmed_days")
    with pytest.raises(ValueError):
        indicators.register(indicators.Indicator(taken.name, "x", "天", lambda *a: {}))


def test_confirmed_days_count_a_day_once_across_organizations(world):
    from tests import factories as f

    f.AssignmentFactory(instructor=world.ins_a, organization=world.org_a2)
    _visit(world, world.org_a, datetime.date(2026, 3, 2))
    _visit(world, world.org_a2, datetime.date(2026, 3, 2))
    _visit(world, world.org_a, datetime.date(2026, 3, 3))
    _visit(world, world.org_a, datetime.date(2026, 3, 4), status=VisitStatus.PENDING)
    _visit(world, world.org_a, datetime.date(2026, 4, 1))
    values = indicators.compute(
        "fieldwork.confirmed_days",
        [world.ins_a.pk, world.ins_b.pk],
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    assert values == {world.ins_a.pk: 2, world.ins_b.pk: 0}


def test_months_meeting_and_missing_the_minimum(world):
    for day in range(1, 6):  # March: 5 confirmed days — meets the default minimum of 5
        _visit(world, world.org_a, datetime.date(2026, 3, day))
    for day in range(1, 4):  # April: 3 — short
        _visit(world, world.org_a, datetime.date(2026, 4, day))
    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 5, 31)
    ids = [world.ins_a.pk, world.ins_b.pk]
    met = indicators.compute("fieldwork.months_meeting_minimum", ids, start, end)
    short = indicators.compute("fieldwork.months_short", ids, start, end)
    assert met == {world.ins_a.pk: 1, world.ins_b.pk: 0}
    assert short == {world.ins_a.pk: 2, world.ins_b.pk: 3}  # May has no visits at all


def test_indicator_queries_do_not_grow_with_instructors(
    world, django_assert_max_num_queries
):
    from tests import factories as f

    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    few = [world.ins_a.pk, world.ins_b.pk]
    many = few + [f.InstructorFactory(committee=world.nonpublic).pk for _ in range(30)]
    for ids in (few, many):
        # visits, instructors, policies, approved leave (+ its calendar), days in post
        with django_assert_max_num_queries(6):
            indicators.compute("fieldwork.months_short", ids, start, end)
