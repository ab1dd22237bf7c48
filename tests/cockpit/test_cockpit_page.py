"""The cockpit page: home of managers, drill-down, 大屏 mode, bounded queries."""

import json

import pytest
from django.test import Client

from liangxin.core.models import User
from liangxin.orgs.models import PartyCommittee

MANAGERS = ("admin", "county", "nonpublic", "social", "auditor")


def _client(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _data(response) -> dict:
    """What cockpit.js reads: the kept charts and this view's ranking and mode."""
    html = response.content.decode()
    data = {}
    for element in ("cockpit-charts", "cockpit-data"):
        start = html.index(f'id="{element}"')
        start = html.index(">", start) + 1
        data.update(json.loads(html[start : html.index("</script>", start)]))
    return data


@pytest.mark.parametrize("username", MANAGERS)
def test_the_cockpit_is_the_home_page_of_every_manager(demo, username):
    response = _client(username).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "党建驾驶舱" in html and 'id="card-coverageinstructor"' in html
    assert "js/cockpit.js" in html and "<script>" not in html  # no inline script
    data = _data(response)
    assert data["map"]["maps"] and data["ranking"]["rows"]
    assert data["trend"]["labels"][-1] == "11月" or data["trend"]["labels"]


def test_each_card_links_to_its_list_and_shows_the_same_number(demo):
    client = _client("county")
    response = client.get("/?month=2026-11")
    card = next(
        c for c in response.context["cards"] if c["value"].key == "coverage.instructor"
    )
    listed = client.get(card["value"].url).context["paginator"].count
    assert listed == card["value"].numerator
    assert f'href="{card["value"].url}"'.replace("&", "&amp;") in (
        response.content.decode()
    )


def test_a_county_admin_drills_down_to_a_committee_with_a_breadcrumb(demo):
    committee = PartyCommittee.objects.order_by("pk").first()
    response = _client("county").get(f"/cockpit/?committee={committee.pk}")
    assert response.status_code == 200
    labels = [label for label, _ in response.context["crumbs"]]
    assert labels[-1] == committee.name and "保德县" in labels
    data = _data(response)
    assert data["ranking"]["child"] == "instructor"
    assert data["map"]["points"], "organizations are plotted in a committee"


def test_committee_staff_cannot_open_another_committee_or_region(demo):
    client = _client("nonpublic")
    other = PartyCommittee.objects.exclude(
        pk=User.objects.get(username="nonpublic").committee_id
    ).first()
    assert client.get(f"/cockpit/?committee={other.pk}").status_code == 404
    assert _client("county").get("/cockpit/?region=140100").status_code == 404


def test_bad_parameters_fall_back_to_the_users_scope(demo):
    response = _client("county").get("/cockpit/?region=abc&month=2026-99&committee=x")
    assert response.status_code == 200


def test_the_big_screen_mode_is_dark_and_refreshes_itself(demo):
    response = _client("county").get("/cockpit/?screen=1")
    html = response.content.decode()
    assert (
        'data-bs-theme="dark"' in html and 'http-equiv="refresh" content="300"' in html
    )
    assert "数据时间" in html


def test_an_instructor_keeps_the_personal_home_and_cannot_open_the_cockpit(demo):
    client = _client("instructor01")
    assert "党建驾驶舱" not in client.get("/").content.decode()
    assert client.get("/cockpit/").status_code == 404


@pytest.mark.parametrize("username", ["county", "nonpublic"])
def test_the_cockpit_runs_a_bounded_number_of_queries(
    demo, username, django_assert_max_num_queries
):
    client = _client(username)
    client.get("/")  # sessions, caches
    # kept whole (nothing was written): session, user, newest write
    with django_assert_max_num_queries(3):
        kept = client.get("/")
    assert (
        kept.context.get("cards") is None
        and 'id="cockpit-data"' in kept.content.decode()
    )
    # computed: the grouped queries, the newest write (read once for the page and its
    # summary) and the page's own: the 15
    with django_assert_max_num_queries(15):
        assert client.get("/?fresh=1").context["cached"] is False


def test_a_message_shows_below_the_cockpits_own_breadcrumb(demo):
    from types import SimpleNamespace

    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client = _client("county")
    client.get("/")  # kept: the message must come from this request, not the kept body
    # what a form's redirect leaves for the next page (messages travel in a cookie)
    client.cookies[CookieStorage.cookie_name] = CookieStorage(
        SimpleNamespace(COOKIES={})
    )._encode([Message(constants.SUCCESS, "已登记延期换届。")])
    html = client.get("/").content.decode()
    assert html.index('id="cockpit-breadcrumb"') < html.index("已登记延期换届。")
    assert html.index("已登记延期换届。") < html.index("党建驾驶舱 <small")
    assert "已登记延期换届。" not in client.get("/").content.decode()  # shown once
