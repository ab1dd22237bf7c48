"""A county's list pages and API lists are kept (core.summaries.kept_view) until anything in
the county is recorded: the next viewer with the same role and query reads them back."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liangxin.core import audit
from liangxin.core.audit import latest_write
from liangxin.core.models import AuditAction, AuditLog, User
from liangxin.orgs.models import Organization
from liangxin.orgs.services import save_organization

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _client(username: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(User.objects.get(username=username))
    return client


def _body(response) -> str:
    """The page without what differs per request (the CSRF tokens)."""
    html = response.content.decode()
    html = CSRF.sub('name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def test_a_kept_list_reads_nothing_again_until_a_recorded_write(
    demo, django_assert_max_num_queries
):
    county = User.objects.get(username="county")
    client = _client("county")
    first = client.get("/orgs/?o=name")
    with django_assert_max_num_queries(3):  # session, user, the newest write
        second = client.get("/orgs/?o=name")
    assert _body(second) == _body(first)

    # a change made through a service is on the next view
    org = Organization.objects.get(name=first.context["object_list"][0].name)
    org.name += "（更名）"  # the same place in the order
    save_organization(user=county, organization=org, expected_version=org.version)
    third = client.get("/orgs/?o=name")
    assert org.name in third.content.decode()
    assert _body(third) != _body(first)


def test_each_query_and_each_viewer_has_its_own_kept_page(demo):
    client = _client("county")
    everything = client.get("/orgs/")
    searched = client.get("/orgs/", {"q": "煤"})
    assert _body(searched) != _body(everything)
    # the htmx request of the filter form gets the results only, kept apart from the page
    partial = client.get("/orgs/", {"q": "煤"}, HTTP_HX_TARGET="list-results")
    assert "<html" not in partial.content.decode()
    assert 'id="list-results"' in partial.content.decode()
    # a committee sees its own organizations, never the county's kept page
    committee = _client("nonpublic").get("/orgs/")
    count = re.compile(r"共 (\d+) 条")
    assert int(count.search(committee.content.decode())[1]) < int(
        count.search(everything.content.decode())[1]
    )


def test_readings_keep_the_pages_and_writes_renew_them(demo):
    before = latest_write("140931")
    for action in (AuditAction.LOGIN, AuditAction.EXPORT, AuditAction.REVEAL):
        audit.log(user=None, action=action, note="读取", region_id="140931")
    assert latest_write("140931") == before
    entry = audit.log(
        user=None, action=AuditAction.UPDATE, note="修改", region_id="140931"
    )
    assert latest_write("140931") == entry.pk


def test_a_kept_form_carries_the_viewers_own_csrf_token(demo):
    # last month's compliance page holds the county's 结账 form
    import datetime

    today = datetime.date.today()
    last = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    first = _client("county", enforce_csrf_checks=True)
    other = _client(
        "county", enforce_csrf_checks=True
    )  # another session, another secret
    url = f"/fieldwork/compliance/?month={last}"
    first.get(url)
    kept = other.get(url)
    form = re.search(
        r'action="/fieldwork/compliance/close/".*?</form>', kept.content.decode(), re.S
    )
    assert form, "the 结账 form is on last month's page"
    token = CSRF.search(form[0])[1]
    assert token and token != "kept-csrf-token"
    # the token is valid for this session: the POST passes the CSRF check
    response = other.post(
        "/fieldwork/compliance/close/", {"month": last, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_page_that_shows_full_phone_numbers_is_never_kept(
    demo, django_assert_max_num_queries
):
    """Phones are stored encrypted: they never sit in plain text in the cache (Redis may
    write it to disk), and each viewing is logged."""
    client = _client("county")
    reveals = AuditLog.objects.filter(action=AuditAction.REVEAL)
    before = reveals.count()
    first = client.get("/api/instructors/")
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get("/api/instructors/")
    assert first.json() == second.json()
    assert len(second_queries) > 3  # computed again
    assert reveals.count() == before + 2
    # the same list without phones (a page of organizations) is kept
    client.get("/api/organizations/")
    with django_assert_max_num_queries(3):
        client.get("/api/organizations/")


def test_the_api_list_is_kept_until_a_recorded_write(
    demo, django_assert_max_num_queries
):
    county = User.objects.get(username="county")
    client = _client("county")
    first = client.get("/api/organizations/?page=2")
    with django_assert_max_num_queries(3):
        second = client.get("/api/organizations/?page=2")
    assert second.json() == first.json()
    assert first.json()["next"].startswith("http://testserver/api/organizations/")
    org = Organization.objects.get(pk=first.json()["results"][0]["id"])
    org.name += "（更名）"  # the same place in the order
    save_organization(user=county, organization=org, expected_version=org.version)
    third = client.get("/api/organizations/?page=2").json()
    assert org.name in [r["name"] for r in third["results"]]


def test_above_a_county_lists_are_computed_on_every_view(demo):
    from django.test import RequestFactory

    from liangxin.core import summaries

    request = RequestFactory().get("/orgs/")
    request.user = User.objects.get(username="admin")  # a superuser: the whole system
    assert summaries.view_key(request, "list") is None
    request.user = User.objects.get(username="county")
    assert summaries.view_key(request, "list") is not None


def test_the_browsable_api_keeps_its_pager(demo):
    client = _client("county")
    for _ in range(2):
        html = client.get("/api/organizations/?page=2", HTTP_ACCEPT="text/html")
        assert 'class="pagination"' in html.content.decode()


def test_a_persons_own_writes_renew_their_pages_wherever_they_are_logged(demo):
    """An instructor posted to an organization of the next county checks in there: their own
    home must not wait for their own county's next write."""
    from django.test import RequestFactory

    from liangxin.core import summaries
    from tests import factories as f

    f.region("140932", "河曲县")
    instructor = User.objects.get(username="instructor01")
    request = RequestFactory().get("/")
    request.user = instructor
    before = summaries.view_key(request, "home")
    audit.log(
        user=instructor, action=AuditAction.CREATE, note="签到", region_id="140932"
    )
    assert summaries.view_key(request, "home") != before
    # a county admin's pages follow their county only
    request.user = User.objects.get(username="county")
    county_before = summaries.view_key(request, "list")
    audit.log(
        user=instructor, action=AuditAction.CREATE, note="签到", region_id="140932"
    )
    assert summaries.view_key(request, "list") == county_before


def test_a_kept_page_is_computed_from_the_primary(demo):
    """Kept under the newest write's number, it must hold that write: a replica may lag."""
    from liangxin.core import dbrouter, summaries

    seen = []
    request = (
        __import__("django.test", fromlist=["RequestFactory"]).RequestFactory().get("/")
    )
    request.user = User.objects.get(username="county")
    with dbrouter.replica_reads():
        dbrouter._use_replica.set(
            True
        )  # as a view in REPLICA_READ_VIEWS with a replica
        summaries.kept_view(
            request, "probe", lambda: seen.append(dbrouter._use_replica.get())
        )
        assert (
            dbrouter._use_replica.get() is True
        )  # the view's other reads are unchanged
    assert seen == [False]


def test_no_kept_body_prints_a_csrf_token_outside_the_form_field():
    """kept_body swaps only {% csrf_token %}'s field for the viewer's token: a body template
    that printed {{ csrf_token }} elsewhere would hand one session's token to others."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "liangxin" / "templates"
    bodies = [*templates.glob("**/_*.html"), templates / "core" / "kept_page.html"]
    assert bodies
    for body in bodies:
        assert "{{ csrf_token" not in body.read_text(), body


def test_a_migrate_renews_every_kept_page_and_summary(db):
    """A deploy migrates: pages kept by the release before are not served after it."""
    from django.core.management import call_command

    from liangxin.core import summaries

    before = summaries.generation()
    call_command("migrate", verbosity=0)
    assert summaries.generation() == before + 1
