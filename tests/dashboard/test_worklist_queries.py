"""The county worklist: a fixed number of queries when computed afresh, a handful when kept.

A county administrator's or a committee's list reads the county's flag rows while they are
current (the demo reconciles them as it is built, a recorded write reconciles them after its
commit); otherwise every collector runs (one read per page of what they share, core.memo).
"""

from django.core.cache import caches
from django.test import Client

from liangxin.core.models import User
from liangxin.core.worklist import flags_for
from liangxin.facts.models import FlagState


def _counts_the_live_flags(response, username):
    """The page counts what the live collectors give that user."""
    live = flags_for(User.objects.get(username=username))
    assert response.context["flag_count"] == len(live)
    return len(live)


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_county_worklist_runs_a_bounded_number_of_queries(
    demo, django_assert_max_num_queries
):
    client, staff = _client("county"), _client("nonpublic")
    # computed from the rows: session, user, newest write, the rows' state, the counts, a
    # page of the ranking and its flags (29 when every collector ran)
    with django_assert_max_num_queries(8):
        first = client.get("/worklist/")
    _counts_the_live_flags(first, "county")
    # kept whole until the county records something: session, user, newest write
    with django_assert_max_num_queries(3):
        again = client.get("/worklist/")
    assert again.context.get("flag_count") is None  # read back, not computed
    count = f"共 {first.context['flag_count']} 条"
    assert count in again.content.decode() and count in first.content.decode()
    # a committee's staff read their committee's rows: one more look-up, the committee's county
    # (the county's newest write and their own are one query, core.audit.latest_writes)
    with django_assert_max_num_queries(8):
        part = staff.get("/worklist/")
    _counts_the_live_flags(part, "nonpublic")


def test_without_current_rows_every_collector_runs_a_fixed_number_of_queries(
    demo, django_assert_max_num_queries
):
    FlagState.objects.all().delete()
    caches["shared"].clear()
    county, staff = _client("county"), _client("nonpublic")
    # every collector (policies, rule sets, the calendar read once), the newest write, the
    # rows' state, the page's own (measured 30 on the demo county; 50 before the request memo)
    with django_assert_max_num_queries(31):
        page = county.get("/worklist/")
    whole = _counts_the_live_flags(page, "county")
    # and so do committee staff
    with django_assert_max_num_queries(31):
        part = staff.get("/worklist/")
    assert 0 < _counts_the_live_flags(part, "nonpublic") < whole
