"""Figure values: scoping, drill-down and the "—" for an empty denominator."""

from django.test import Client

from liangxin.core import figures
from liangxin.core.figures import Scope
from liangxin.core.models import Role
from tests import factories as f
from tests.cockpit.test_figures import _listed


def test_a_region_drill_down_outside_the_users_scope_shows_nothing(world):
    county = world.users.county
    scope = Scope(county, 2026, 11, region=world.other_county.code)
    value = figures.evaluate("coverage.instructor", scope)
    assert (value.numerator, value.denominator, value.display) == (0, 0, "—")
    client = Client()
    client.force_login(county)
    assert _listed(client, value.url) == 0


def test_a_rate_with_no_denominator_shows_a_dash_never_zero_or_hundred(db):
    county = f.region()
    user = f.UserFactory(username="empty", role=Role.COUNTY_ADMIN, region=county)
    value = figures.evaluate("coverage.organization", Scope(user, 2026, 11))
    assert value.display == "—" and value.value is None
