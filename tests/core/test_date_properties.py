"""Issue 10, item 7: no date computation of the project may raise — month ends, 29 February,
year ends and years the holiday package does not know (2027 on)."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangxin.assessment.services.payouts import months_in
from liangxin.core import dates, obligations, workcalendar
from liangxin.duties.services.training import elapsed_share, training_at_risk
from liangxin.inspections import services as inspection_services
from liangxin.inspections.models import Inspection, Kind
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.compliance import step_window
from liangxin.partylife.models import PipelineStep

any_date = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date.max)
#: the years the system works in: the package's years, unknown years, leap days, year ends
work_date = st.one_of(
    st.dates(
        min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)
    ),
    st.sampled_from(
        [
            datetime.date(2024, 2, 29),
            datetime.date(2028, 2, 29),
            datetime.date(2026, 12, 31),
            datetime.date(2027, 1, 1),
            datetime.date(2026, 1, 31),
            datetime.date(2100, 2, 28),
        ]
    ),
)
db_settings = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@given(any_date, st.integers(min_value=-2000 * 12, max_value=2000 * 12))
def test_adding_months_never_raises_and_keeps_the_day_or_the_months_last_day(d, n):
    result = dates.add_months(d, n)
    if datetime.date.min < result < datetime.date.max:
        assert result.day == d.day or result == dates.month_end(result)
        assert result.day <= d.day


@given(any_date, st.integers(min_value=-100, max_value=100))
def test_adding_years_never_raises_and_29_february_becomes_28(d, n):
    result = dates.add_years(d, n)
    if datetime.date.min < result < datetime.date.max:
        assert result.month == d.month
        if (d.month, d.day) == (2, 29) and result.day != 29:
            assert result.day == 28


@given(
    st.integers(min_value=1, max_value=9998), st.integers(1, 12), st.integers(-500, 500)
)
def test_shifting_a_month_lands_on_a_real_month(year, month, delta):
    y, m = dates.shift_month(year, month, delta)
    assert 1 <= m <= 12 and (y * 12 + m) - (year * 12 + month) == delta


@given(st.integers(min_value=1, max_value=9999), st.integers(1, 12))
def test_month_bounds_hold_every_month_of_every_year(year, month):
    first, last = workcalendar.month_bounds(year, month)
    assert first.day == 1
    # December 9999 ends on date.max: there is no next day to check (hypothesis found it)
    assert last == datetime.date.max or (last + datetime.timedelta(days=1)).day == 1


@given(st.text(max_size=12))
def test_parsing_a_month_raises_only_the_chinese_value_error(text):
    try:
        year, month = workcalendar.parse_month(text)
    except ValueError as exc:
        assert "月" in str(exc)
    else:
        assert 2000 <= year <= 2100 and 1 <= month <= 12


@given(
    st.integers(min_value=1, max_value=9999),
    st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly"]),
)
def test_obligation_periods_cover_every_year(year, cadence):
    if cadence not in obligations.Cadence.MONTHS:
        return
    periods = obligations.periods(year, cadence)
    assert periods[0].start == datetime.date(year, 1, 1)
    assert periods[-1].end == datetime.date(year, 12, 31)
    for day in (datetime.date(year, 2, 28), datetime.date(year, 12, 31)):
        assert obligations.period_of(day, cadence).contains(day)


@given(any_date, any_date)
def test_months_in_a_period_never_raises(a, b):
    start, end = sorted([a, b])
    assert months_in(start, end) >= 1


@given(any_date, st.integers(min_value=0, max_value=200))
def test_training_pace_never_raises_on_any_day(d, hours):
    assert 0 < elapsed_share(d) <= 1
    training_at_risk(hours, 24, d)


@given(any_date, st.integers(0, 60), st.integers(0, 400), st.integers(0, 60))
def test_a_pipeline_step_window_never_raises(base, months, days, max_months):
    rule = PipelineStep(
        number=2,
        after_step=1,
        min_months=months,
        min_days=days,
        max_months=max_months,
        max_days=days,
    )
    try:
        step_window(rule, base)
    except OverflowError:
        # a window past 9999-12-31 cannot be a date; only reachable at the very end
        assert base > datetime.date(9990, 1, 1)


@given(any_date, st.integers(min_value=1, max_value=10))
def test_a_party_organizations_term_end_never_raises(started, years):
    org = PartyOrganization(term_started_on=started, term_years=years)
    assert org.term_due_on is not None


@pytest.mark.django_db
@db_settings
@given(work_date)
def test_every_day_is_described_without_raising(d):
    day = workcalendar.describe(d)
    assert day.kind in (
        workcalendar.WORKDAY,
        workcalendar.WEEKEND,
        workcalendar.HOLIDAY,
    )
    if d.year >= 2027:
        assert day.provisional


@pytest.mark.django_db
@db_settings
@given(work_date, st.integers(min_value=1, max_value=20), st.booleans())
def test_a_window_of_working_days_never_raises_even_into_unknown_years(d, n, first):
    window = workcalendar.add_workdays(d, n, count_start=first)
    assert window.end >= d
    if window.end.year >= 2027:
        assert window.provisional


@pytest.mark.django_db
@db_settings
@given(work_date)
def test_a_months_days_are_listed_for_any_month(d):
    days = workcalendar.month_days(d.year, d.month)
    assert days[-1].date == dates.month_end(d)


@pytest.mark.django_db
@db_settings
@given(work_date)
def test_a_handbook_spot_check_sample_never_raises(d):
    assert inspection_services.spot_check_sample(1, d, seed=7) == []


def test_a_handbook_spot_check_dated_29_february_is_recorded(world, login):
    response = login(world.users.nonpublic).post(
        reverse("inspections:inspection_create"),
        {
            "kind": "handbook",
            "date": "2024-02-29",
            "inspectors": "王检查",
            "instructor": world.ins_a.pk,
            "organization": world.org_a.pk,
        },
    )
    assert response.status_code == 302
    check = Inspection.objects.get(kind=Kind.HANDBOOK)
    assert check.date == datetime.date(2024, 2, 29)
