"""The figure registry: every cockpit number equals the count of the list it links to."""

import pytest
from django.core.cache import caches
from django.test import Client

from liangxin.core import figures
from liangxin.core.figures import Scope
from liangxin.core.models import User
from liangxin.orgs.models import Organization, OrgStatus, PartyCommittee

MANAGERS = ("admin", "county", "nonpublic", "social", "auditor")


def _listed(client: Client, url: str) -> int:
    # the list computed afresh, so that its context can be read (two figures may link to one
    # list, which is then kept: tests/core/test_kept_views.py checks what is read back)
    caches["shared"].clear()
    response = client.get(url)
    assert response.status_code == 200, url
    ctx = response.context
    if "row_count" in ctx:
        return ctx["row_count"]
    return ctx["paginator"].count if ctx.get("paginator") else len(ctx["object_list"])


def _check_all(user, scope: Scope) -> int:
    client = Client()
    client.force_login(user)
    checked = 0
    for fig in figures.available(user):
        value = figures.evaluate(fig.key, scope)
        assert _listed(client, value.url) == value.numerator, (fig.key, value.url)
        if value.denominator is not None:
            assert value.denominator_url, fig.key
            listed = _listed(client, value.denominator_url)
            assert listed == value.denominator, (fig.key, value.denominator_url)
        checked += 1
    return checked


@pytest.mark.parametrize("username", MANAGERS)
def test_every_figure_equals_the_count_of_its_linked_list_for_each_role(demo, username):
    user = User.objects.get(username=username)
    scope = Scope(user=user, year=2026, month=11)
    # every figure but the review desk's 久未确认, which auditors do not get
    assert _check_all(user, scope) == len(figures.available(user))
    assert len(figures.available(user)) >= len(figures.all_figures()) - 1


def test_figures_agree_with_their_lists_after_drilling_down_to_a_committee(demo):
    county = User.objects.get(username="county")
    committee = PartyCommittee.objects.order_by("pk").first()
    scope = Scope(user=county, year=2026, month=10, committee_id=committee.pk)
    assert _check_all(county, scope) == len(figures.all_figures())
    whole = figures.evaluate("coverage.instructor", Scope(county, 2026, 10))
    part = figures.evaluate("coverage.instructor", scope)
    assert 0 < part.denominator < whole.denominator


def test_the_organizations_without_instructor_exclude_closed_ones(demo):
    """The home page once said 7 and the list 13: closed organizations were in the list."""
    county = User.objects.get(username="county")
    org = Organization.objects.filter(status=OrgStatus.ACTIVE).first()
    org.assignments.update(ended_on="2026-01-01")
    closed = Organization.objects.filter(status=OrgStatus.ACTIVE).last()
    Organization.objects.filter(pk=closed.pk).update(status=OrgStatus.CLOSED)
    value = figures.evaluate("coverage.without_instructor", Scope(county, 2026, 11))
    active_without = (
        Organization.objects.filter(status=OrgStatus.ACTIVE)
        .with_instructor(False)
        .count()
    )
    assert value.numerator == active_without
    assert "status=active" in value.url
    client = Client()
    client.force_login(county)
    assert _listed(client, value.url) == active_without
