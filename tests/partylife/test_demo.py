import pytest

from liangxin.core.models import Role, User
from liangxin.coverage import services as org_services
from liangxin.coverage.services import coverage_trend
from liangxin.demo.builder import TODAY, DemoBuilder
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Candidate, Meeting, ServiceActivity
from tests.coverage.test_trend import _independent


@pytest.fixture
def demo(db):
    DemoBuilder(seed=7).build("county")


def test_the_demo_county_has_a_year_of_party_life_with_some_behind(demo):
    assert Meeting.objects.filter(date__year=TODAY.year).count() > 500
    assert Candidate.objects.exists() and ServiceActivity.objects.exists()
    rows = comp.compliance(list(PartyOrganization.objects.all()), TODAY.year, TODAY)
    rates = [comp.rate_of(r.obligations(end=TODAY)) for r in rows]
    rates = [r for r in rates if r is not None]
    assert any(r == 100 for r in rates) and sum(1 for r in rates if r < 80) >= 5


def test_the_demo_coverage_figures_add_up(demo, django_assert_num_queries):
    county = User.objects.get(username="county", role=Role.COUNTY_ADMIN)
    qs = org_services.coverage_queryset(county)
    with django_assert_num_queries(2):
        trend = coverage_trend(qs, TODAY.year, through_month=TODAY.month)
    for month in (1, 6, TODAY.month):
        expected = _independent(TODAY.year, month)
        assert {k: trend[month - 1][k] for k in expected} == expected
    figures = org_services.coverage_figures(qs)
    assert trend[-1]["own"] + trend[-1]["joint"] <= figures.own + figures.joint
