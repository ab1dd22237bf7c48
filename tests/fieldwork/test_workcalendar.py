"""The working calendar: holidays, 补班 and years the package does not know."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from liangxin.core import workcalendar
from liangxin.core.models import CalendarSource, WorkCalendarDay

pytestmark = pytest.mark.django_db


def test_national_day_is_a_holiday():
    day = datetime.date(2025, 10, 1)
    assert workcalendar.is_workday(day) is False
    assert workcalendar.day_kind(day) == "holiday"
    assert workcalendar.describe(day).name == "国庆节"


def test_a_make_up_saturday_is_a_workday():
    day = datetime.date(2026, 2, 14)  # Saturday, 春节补班
    assert day.weekday() == 5
    assert workcalendar.is_workday(day) is True
    assert workcalendar.day_kind(day) == "workday"


def test_a_plain_weekend_is_a_weekend():
    assert workcalendar.day_kind(datetime.date(2025, 11, 1)) == "weekend"


def test_a_year_the_package_does_not_know_is_provisional_and_never_raises():
    saturday, monday = datetime.date(2027, 3, 6), datetime.date(2027, 3, 8)
    assert workcalendar.is_provisional(2027) is True
    assert workcalendar.is_provisional(2026) is False
    assert workcalendar.day_kind(saturday) == "weekend"
    assert workcalendar.is_workday(monday) is True
    assert workcalendar.describe(monday).provisional is True
    assert all(d.provisional for d in workcalendar.month_days(2027, 1))


def test_manual_rows_come_first_but_only_a_confirmation_makes_the_year_known():
    from liangxin.core.models import WorkCalendarYear

    WorkCalendarDay.objects.create(
        date=datetime.date(2027, 2, 8),
        is_workday=False,
        name="春节",
        source=CalendarSource.MANUAL,
    )
    assert workcalendar.day_kind(datetime.date(2027, 2, 8)) == "holiday"
    # issue 10 item 8: a row is not the year's schedule; a county admin confirms the year
    assert workcalendar.is_provisional(2027) is True
    WorkCalendarYear.objects.create(year=2027, notice="国办发明电〔2026〕7号")
    assert workcalendar.is_provisional(2027) is False
    assert not any(d.provisional for d in workcalendar.month_days(2027, 2))


def test_month_days_uses_the_table(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        days = workcalendar.month_days(2025, 10)
    assert len(days) == 31
    assert sum(d.is_workday for d in days) == 18


def test_seed_fills_a_year_once_and_keeps_manual_rows():
    WorkCalendarDay.objects.create(
        date=datetime.date(2026, 3, 2),
        is_workday=False,
        name="本县停工",
        source=CalendarSource.MANUAL,
    )
    call_command("seed_workcalendar", year=2026)
    call_command("seed_workcalendar", year=2026)
    assert WorkCalendarDay.objects.filter(date__year=2026).count() == 365
    assert (
        WorkCalendarDay.objects.get(date=datetime.date(2026, 2, 14)).is_workday is True
    )
    kept = WorkCalendarDay.objects.get(date=datetime.date(2026, 3, 2))
    assert (kept.is_workday, kept.source) == (False, CalendarSource.MANUAL)
    assert workcalendar.day_kind(datetime.date(2026, 3, 2)) == "holiday"


def test_seed_refuses_a_year_the_package_does_not_know_in_chinese():
    with pytest.raises(CommandError, match="2027"):
        call_command("seed_workcalendar", year=2027)
    assert not WorkCalendarDay.objects.exists()
