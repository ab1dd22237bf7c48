"""Cockpits come from a shared summary (dashboard.cockpit.snapshot): province and city for a
time, county and committee until anything in them is recorded or the day ends."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from liangxin.core.models import Role, User
from liangxin.orgs.models import Organization, OrgStatus
from liangxin.orgs.services import save_organization


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _read_back(response) -> bool:
    """A county's cockpit kept whole (core.views.render_kept): nothing was computed."""
    return response.context.get("cards_html") is None and "cockpit-data" in (
        response.content.decode()
    )


def _close_one_organization():
    org = Organization.objects.filter(status=OrgStatus.ACTIVE).order_by("pk").first()
    Organization.objects.filter(pk=org.pk).update(status=OrgStatus.CLOSED)


def test_the_province_page_is_served_from_its_summary_until_refreshed(
    demo, django_assert_max_num_queries
):
    client = _client(User.objects.get(username="admin"))
    first = client.get("/")
    assert first.context["cached"] is False
    _close_one_organization()
    with django_assert_max_num_queries(6):  # session, user, the level, the bell
        second = client.get("/")
    html = second.content.decode()
    assert second.context["cached"] is True and "立即刷新" in html
    assert second.context["cards_html"] == first.context["cards_html"]
    fresh = client.get(second.context["fresh_url"])
    assert fresh.context["cached"] is False
    assert fresh.context["cards_html"] != first.context["cards_html"]
    # and the fresh one is what the next viewer gets
    assert client.get("/").context["cards_html"] == fresh.context["cards_html"]


def test_a_county_page_is_computed_afresh_after_any_recorded_write(
    demo, django_assert_max_num_queries
):
    county = User.objects.get(username="county")
    client = _client(county)
    first = client.get("/")
    assert first.context["cached"] is False
    # the county's page is kept whole: session, user, newest write
    with django_assert_max_num_queries(3):
        again = client.get("/")
    assert _read_back(again)
    html = again.content.decode()
    assert first.context["cards_html"] in html
    assert "立即刷新" not in html and "有新的业务记录时自动重新计算" in html
    # closing an organization through its service (which logs it) shows at once
    org = Organization.objects.filter(
        region_id=county.region_id, status=OrgStatus.ACTIVE
    ).first()
    org.status = OrgStatus.CLOSED
    save_organization(user=county, organization=org, expected_version=org.version)
    after = client.get("/")
    assert after.context["cached"] is False
    assert after.context["cards_html"] != first.context["cards_html"]


def test_a_county_summary_is_not_carried_into_the_next_day(demo, monkeypatch):
    import datetime

    from liangxin.core.figures import Scope
    from liangxin.dashboard.cockpit import snapshot
    from liangxin.dashboard.cockpit.levels import resolve

    county = User.objects.get(username="county")
    level = resolve(Scope.current(county))
    today = snapshot.key(level)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(snapshot.timezone, "localdate", lambda: tomorrow)
    assert snapshot.key(level) != today


def test_writes_elsewhere_do_not_recompute_a_county(demo):
    from liangxin.core import audit
    from liangxin.core.audit import latest_write
    from tests import factories as f

    f.region("140932", "河曲县")
    before = latest_write("140931")
    audit.log(user=None, action="test", note="另一个县", region_id="140932")
    assert latest_write("140931") == before
    entry = audit.log(user=None, action="test", note="全市", region_id="140900")
    assert latest_write("140931") == entry.pk
    entry = audit.log(user=None, action="test", note="全系统")
    assert latest_write("140931") == entry.pk


def test_each_view_has_its_own_summary(demo):
    admin = User.objects.get(username="admin")
    city = User.objects.create(
        username="xinzhou", role=Role.COUNTY_ADMIN, region_id="140900"
    )
    _client(admin).get("/")
    page = _client(city).get("/")
    assert page.context["cached"] is False
    assert page.context["level"].title == "忻州市"


def test_the_scheduled_job_computes_each_view_once_and_pages_read_it(
    demo, django_assert_max_num_queries
):
    User.objects.create(username="xinzhou", role=Role.COUNTY_ADMIN, region_id="140900")
    User.objects.create(username="xinzhou2", role=Role.COUNTY_ADMIN, region_id="140900")
    User.objects.create(
        username="gone", role=Role.AUDITOR, region_id="140900", is_active=False
    )
    from io import StringIO

    out = StringIO()
    call_command("warm_cockpits", stdout=out)
    superusers = User.objects.filter(is_superuser=True, is_active=True).count()
    assert f"已计算 {superusers + 1} 个驾驶舱汇总" in out.getvalue()
    client = _client(User.objects.get(username="xinzhou2"))
    with django_assert_max_num_queries(6):
        page = client.get("/")
    assert page.context["cached"] is True


def test_an_unreachable_cache_only_costs_time(demo, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is restarting")

    shared = caches["shared"]
    monkeypatch.setattr(shared, "get", down)
    monkeypatch.setattr(shared, "set", down)
    page = _client(User.objects.get(username="admin")).get("/")
    assert page.status_code == 200 and page.context["cached"] is False
    assert 'id="card-coverageinstructor"' in page.content.decode()


@pytest.mark.parametrize("screen", ["", "&screen=1"])
def test_drill_links_follow_the_page_mode_on_a_summary(demo, screen):
    client = _client(User.objects.get(username="admin"))
    client.get("/cockpit/?month=2026-11" + screen)
    page = client.get("/cockpit/?month=2026-11" + screen)
    assert page.context["cached"] is True
    urls = [row["url"] for row in page.context["ranking"]["rows"]]
    assert urls and all(("screen=1" in u) == bool(screen) for u in urls)


def test_the_job_also_keeps_the_trend_page_of_province_leaders(demo):
    """The two-coverage trend sums the same organizations and visits: its default view is
    computed by the job too, so a provincial leader's first visit reads it."""
    from io import StringIO

    call_command("warm_cockpits", stdout=StringIO())
    page = _client(User.objects.get(username="admin")).get("/partylife/coverage/")
    assert page.status_code == 200
    assert page.context["kept_minutes"] is not None  # read, not computed
    assert "分钟前计算" in page.content.decode()


def test_rebuilding_the_facts_renews_every_summary(demo):
    """refresh_facts writes no audit entry: it bumps the generation kept in the shared cache,
    so the next view of the province and of the county is computed from the new facts (after
    a policy change, say, the county's summary does not keep the old ones)."""
    from liangxin.facts.refresh import refresh

    admin = _client(User.objects.get(username="admin"))
    county = _client(User.objects.get(username="county"))
    admin.get("/")
    county.get("/")
    assert admin.get("/").context["cached"] is True
    assert _read_back(county.get("/"))
    refresh("140931")
    assert admin.get("/").context["cached"] is False
    assert county.get("/").context["cached"] is False
    assert _read_back(county.get("/"))
