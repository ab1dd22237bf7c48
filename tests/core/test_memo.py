"""The memo of one read-only request (core.memo): shared within a GET, absent on a POST,
gone after the request; what it holds is read once per page."""

import datetime

import pytest
from django.http import HttpResponse

from liangxin.core import memo
from liangxin.core.models import Policy
from liangxin.core.workcalendar import days_between, month_days

pytestmark = pytest.mark.django_db


def test_a_get_has_a_memo_a_post_has_none_and_nothing_outlives_the_request(rf):
    seen = {}

    def view(request):
        seen[request.method] = memo.active()
        return HttpResponse()

    middleware = memo.RequestMemoMiddleware(view)
    middleware(rf.get("/"))
    middleware(rf.post("/"))
    assert seen == {"GET": True, "POST": False}
    assert not memo.active()


def test_a_nested_block_shares_the_outer_memo():
    with memo.evaluation():
        memo.memoized(("k",), lambda: 1)
        with memo.evaluation():
            assert memo.memoized(("k",), lambda: 2) == 1
    assert memo.memoized(("k",), lambda: 3) == 3  # outside: computed each time


def test_policies_are_read_once_per_page(world, django_assert_num_queries):
    with memo.evaluation(), django_assert_num_queries(1):
        first = Policy.for_regions(["140931"], 2026)
        again = Policy.for_regions(["140931"], 2026)
    assert first["140931"].min_days_per_month == again["140931"].min_days_per_month
    with django_assert_num_queries(2):  # without a memo: each call reads
        Policy.for_regions(["140931"], 2026)
        Policy.for_regions(["140931"], 2026)


def test_the_work_calendar_is_read_once_per_page_whatever_the_years(
    django_assert_num_queries,
):
    outside = days_between(datetime.date(2024, 12, 20), datetime.date(2026, 1, 10))
    with (
        memo.evaluation(),
        django_assert_num_queries(2),
    ):  # the days, the confirmed years
        inside = days_between(datetime.date(2024, 12, 20), datetime.date(2026, 1, 10))
        month_days(2026, 2)
        days_between(datetime.date(2023, 5, 1), datetime.date(2023, 5, 31))
    assert inside == outside
