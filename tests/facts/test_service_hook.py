"""A service write refreshes the instructor-month it changed, inside its own transaction."""

from django.db import transaction

from liangxin.facts import refresh as facts
from liangxin.facts.models import InstructorMonth
from liangxin.fieldwork import services
from liangxin.fieldwork.compliance import instructor_compliance
from liangxin.fieldwork.models import VisitStatus
from tests.fieldwork.conftest import days_ago


def _row(instructor, date):
    return InstructorMonth.objects.get(
        instructor=instructor, year=date.year, month=date.month
    )


def test_confirming_a_visit_refreshes_the_month_in_the_same_transaction(
    world, make_visit
):
    visit = make_visit(world.asg_a, days_ago(1))
    facts.refresh_instructor_months("140931", visit.date.year, visit.date.month)
    before = _row(world.ins_a, visit.date)
    assert (before.confirmed_days, before.pending_days) == (0, 1)

    with transaction.atomic():
        services.confirm_visit(user=world.users.contact, visit=visit)
        inside = _row(world.ins_a, visit.date)  # before the transaction commits
        assert (inside.confirmed_days, inside.pending_days) == (1, 0)
        transaction.set_rollback(True)
    # rolled back with the write it belongs to
    assert _row(world.ins_a, visit.date).confirmed_days == 0

    services.confirm_visit(user=world.users.contact, visit=visit)
    after = _row(world.ins_a, visit.date)
    live = instructor_compliance(world.ins_a.pk, visit.date.year, visit.date.month)
    assert (after.confirmed_days, after.pending_days, after.shortfall) == (
        live.confirmed_days,
        live.pending_days,
        live.shortfall,
    )
    assert after.pk == before.pk


def test_disputing_a_visit_counts_a_disputed_day(world, make_visit):
    visit = make_visit(world.asg_a, days_ago(1))
    services.dispute_visit(user=world.users.contact, visit=visit, reason="当天停工")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DISPUTED
    row = _row(world.ins_a, visit.date)
    assert (row.pending_days, row.disputed_days, row.confirmed_days) == (0, 1, 0)
