"""Issue 10, item 12: 重要事项请示 come first (请示在前、实施在后, 《重大事项请示报告条例》):
the planned date of the matter is recorded, and a request submitted on or after it is
flagged 事后补报 and counted in the indicators."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core import indicators
from liangxin.core.services import ServiceError
from liangxin.duties.services.requests import draft_request, submit_request


def _draft(world, planned_on):
    return draft_request(
        user=world.users.instructor,
        organization=world.org_a,
        subject="调整支部书记",
        content="拟由张某担任支部书记。",
        urgency="normal",
        planned_on=planned_on,
    )


def test_a_request_needs_the_planned_date_of_the_matter(world):
    with pytest.raises(ServiceError, match="事项拟实施日期") as exc:
        _draft(world, None)
    assert exc.value.field == "planned_on"


@pytest.mark.parametrize("days", [0, -3])
def test_a_request_submitted_on_or_after_the_planned_day_is_after_the_fact(world, days):
    request = _draft(world, timezone.localdate() + datetime.timedelta(days=days))
    request = submit_request(user=world.users.instructor, request=request)
    assert request.after_the_fact
    assert request.transitions.get().note == "事后补报"


def test_a_request_submitted_before_the_planned_day_is_not(world):
    request = _draft(world, timezone.localdate() + datetime.timedelta(days=1))
    request = submit_request(user=world.users.instructor, request=request)
    assert not request.after_the_fact


def test_after_the_fact_requests_are_counted_in_the_indicators(world):
    today = timezone.localdate()
    for days in (-1, 0, 5):
        submit_request(
            user=world.users.instructor,
            request=_draft(world, today + datetime.timedelta(days=days)),
        )
    values = indicators.compute(
        "duties.requests_after_the_fact",
        [world.ins_a.pk, world.ins_b.pk],
        today.replace(month=1, day=1),
        today.replace(month=12, day=31),
    )
    assert values == {world.ins_a.pk: 2, world.ins_b.pk: 0}


def test_the_request_page_shows_the_flag(world, login):
    request = submit_request(
        user=world.users.instructor, request=_draft(world, timezone.localdate())
    )
    page = login(world.users.nonpublic).get(request.get_absolute_url()).content
    assert "事后补报" in page.decode()
