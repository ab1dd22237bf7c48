"""On the demo county: the facts equal the live computation row by row, and refreshing twice
changes nothing."""

from django.forms.models import model_to_dict
from django.utils import timezone

from liangxin.core.models import User
from liangxin.core.worklist import flags_for
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagRow, InstructorMonth, PartyOrgPeriod
from tests.facts import live

COUNTY = "140931"


def test_the_demo_facts_equal_the_live_computation(demo):
    today = timezone.localdate()
    totals = facts.refresh(COUNTY, today=today)
    assert totals.regions == 1
    months = facts.default_months(today)
    for year, month in months:
        expected = live.live_months(COUNTY, year, month)
        assert len(expected) > 10
        assert live.fact_months(COUNTY, year, month) == expected
    assert any(
        row.confirmed_days > 0
        for row in InstructorMonth.objects.filter(region_id=COUNTY)
    )
    periods = live.live_periods(COUNTY, today.year, today)
    assert periods and live.fact_periods(COUNTY, today.year) == periods
    county_admin = User.objects.get(username="county")
    assert county_admin.region_id == COUNTY
    flags = live.live_flags(flags_for(county_admin))
    assert len(flags) > 5
    assert live.fact_flags(COUNTY) == flags
    # the demo builder already raised them: a refresh keeps the open rows
    assert totals.flags_open == len(flags) == FlagRow.objects.open().count()


def _snapshot():
    def rows(model, drop):
        return sorted(
            (
                {k: v for k, v in model_to_dict(o).items() if k not in drop}
                for o in model.objects.all()
            ),
            key=repr,
        )

    return (
        rows(InstructorMonth, {"refreshed_at"}),
        rows(PartyOrgPeriod, {"id", "refreshed_at"}),
        rows(FlagRow, {"refreshed_at"}),
    )


def test_refreshing_twice_changes_nothing(demo):
    today = timezone.localdate()
    facts.refresh(COUNTY, today=today)
    first = _snapshot()
    assert all(first)
    again = facts.refresh(COUNTY, today=today)
    assert again.flags_raised == again.flags_cleared == 0
    assert _snapshot() == first
