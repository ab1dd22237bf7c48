"""The cockpit reads compliance from the facts; the facts follow the services that change
required days (leave, assignments), and a month the facts don't cover is computed live."""

import datetime

from django.utils import timezone

from liangxin.core import facts as hook
from liangxin.duties.services.conduct import decide_leave, request_leave
from liangxin.facts import refresh as facts
from liangxin.facts.models import InstructorMonth
from liangxin.fieldwork.compliance import monthly_compliance
from liangxin.roster.services import end_assignment


def _read(user, today):
    return hook.read("compliance", user=user, year=today.year, month=today.month)


def _live(user, today):
    return monthly_compliance(user, today.year, today.month)


def test_the_reader_equals_the_live_rows_and_declines_when_facts_are_missing(world):
    county, today = world.users.county, timezone.localdate()
    assert _read(county, today) is None  # nothing refreshed yet: the caller goes live
    facts.refresh(world.county.code, [(today.year, today.month)], today, flags=False)
    assert _read(county, today) == _live(county, today)
    InstructorMonth.objects.filter(instructor=world.ins_b).delete()
    assert (
        _read(county, today) is None
    )  # one instructor missing: never a partial answer


def test_approved_leave_refreshes_the_required_days_of_its_months(world):
    county, today = world.users.county, timezone.localdate()
    facts.refresh(world.county.code, [(today.year, today.month)], today, flags=False)
    before = InstructorMonth.objects.get(instructor=world.ins_a, month=today.month)
    first = today.replace(day=1)
    leave = request_leave(
        user=world.users.instructor,
        start=first,
        end=first + datetime.timedelta(days=13),
        reason="住院治疗",
        late_reason="突发疾病",
    )
    decide_leave(user=world.users.unit, leave=leave, approve=True)
    after = InstructorMonth.objects.get(instructor=world.ins_a, month=today.month)
    assert after.required_days < before.required_days
    assert _read(county, today) == _live(county, today)


def test_ending_an_assignment_refreshes_the_facts(world):
    county, today = world.users.county, timezone.localdate()
    facts.refresh(world.county.code, [(today.year, today.month)], today, flags=False)
    world.asg_b.refresh_from_db()
    end_assignment(
        user=county,
        assignment=world.asg_b,
        ended_on=max(world.asg_b.started_on, today.replace(day=1)),
        reason="工作调动",
    )
    assert _read(county, today) == _live(county, today)


def test_the_instructor_home_month_comes_from_the_facts_and_equals_the_live_row(world):
    from liangxin.facts.readers import instructor_month
    from liangxin.fieldwork.compliance import instructor_compliance

    today = timezone.localdate()
    pk = world.ins_a.pk
    assert instructor_month(pk, today.year, today.month) is None
    facts.refresh(world.county.code, [(today.year, today.month)], today, flags=False)
    assert instructor_month(pk, today.year, today.month) == instructor_compliance(
        pk, today.year, today.month
    )


def test_several_months_in_one_read_equal_each_months_reader(
    world, django_assert_num_queries
):
    county, today = world.users.county, timezone.localdate()
    this = (today.year, today.month)
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    facts.refresh(world.county.code, [last, this], today, flags=False)
    InstructorMonth.objects.filter(
        instructor=world.ins_b, year=last[0], month=last[1]
    ).delete()
    with django_assert_num_queries(1):
        found = hook.read("compliance_months", user=county, months=[last, this])
    rows, complete = found[this]
    assert complete and rows == _read(county, today)
    # one instructor has no row for last month: the rows there are partial, and say so
    rows, complete = found[last]
    ids = {r.instructor_id for r in rows}
    assert not complete and world.ins_a.pk in ids and world.ins_b.pk not in ids
