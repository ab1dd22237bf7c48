"""Duties indicators and worklist flags."""

import datetime

from django.utils import timezone

from liangxin.core import indicators
from liangxin.core.worklist import flags_for
from liangxin.duties.models import MatterRequest, RegularReport


def test_request_replies_on_time_counts_late_and_pending_overdue(world, make_request):
    today = timezone.localdate()
    now = timezone.now()
    make_request(status="replied", reply_due=today, replied_at=now)  # on time
    make_request(
        status="submitted", reply_due=today - datetime.timedelta(days=1)
    )  # late
    make_request(
        status="submitted", reply_due=today + datetime.timedelta(days=3)
    )  # not judged
    values = indicators.compute(
        "duties.request_replies_on_time",
        [world.ins_a.pk, world.ins_b.pk],
        today - datetime.timedelta(days=30),
        today,
    )
    assert values == {world.ins_a.pk: 50.0, world.ins_b.pk: 0}


def test_reports_on_time_is_the_share_of_due_periods_handed_in_by_the_due_date(world):
    year = timezone.localdate().year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 3, 31)
    RegularReport.objects.create(
        region=world.county,
        instructor=world.ins_a,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 1, 31),
        period_label="1月",
        due_on=datetime.date(year, 2, 20),
        summary="x",
        status="accepted",
        submitted_at=timezone.make_aware(datetime.datetime(year, 2, 2, 9)),
    )
    values = indicators.compute("duties.reports_on_time", [world.ins_a.pk], start, end)
    # January and February are due inside the window (March's due date is in April)
    assert values[world.ins_a.pk] == 50.0


def test_the_worklist_flags_requests_awaiting_reply_and_overdue_reports(
    world, make_request
):
    make_request(
        status="submitted", reply_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    flags = flags_for(world.users.nonpublic)
    kinds = {(f.kind, f.instructor_id) for f in flags}
    assert ("duties.request_awaiting_reply", world.ins_a.pk) in kinds
    if timezone.localdate().month > 1:
        assert ("duties.report_overdue", world.ins_a.pk) in kinds
    assert not any(
        f.instructor_id == world.ins_b.pk for f in flags if f.kind.startswith("duties.")
    )
    assert MatterRequest.objects.count() == 1
