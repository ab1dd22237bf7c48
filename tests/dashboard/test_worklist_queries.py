"""The county worklist: a fixed number of queries when computed afresh (one read per page of
what its collectors share, core.memo), a handful when its summary is kept."""

from django.test import Client

from liangxin.core.models import User


def test_the_county_worklist_runs_a_bounded_number_of_queries(
    demo, django_assert_max_num_queries
):
    client = Client()
    client.force_login(User.objects.get(username="county"))
    # computed: every collector (policies, rule sets, the calendar read once), the newest
    # write, the page's own (measured 29 on the demo county; 50 before the request memo)
    with django_assert_max_num_queries(30):
        first = client.get("/worklist/")
    assert first.context["flag_count"] > 0
    # kept whole until the county records something: session, user, newest write
    with django_assert_max_num_queries(3):
        again = client.get("/worklist/")
    assert again.context.get("flag_count") is None  # read back, not computed
    count = f"共 {first.context['flag_count']} 条"
    assert count in again.content.decode() and count in first.content.decode()
