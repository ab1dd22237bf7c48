"""Issue 10, item 8: one admin-entered day must not make a year count as known. A year the
holiday package does not know stays 暂算 until a county admin confirms it complete, naming
the State Council notice it follows (audited)."""

import datetime

import pytest

from liangxin.core import workcalendar
from liangxin.core.models import AuditLog, WorkCalendarDay, WorkCalendarYear
from liangxin.core.services import ServiceError, confirm_calendar_year

NEW_YEAR_2027 = datetime.date(2027, 1, 1)
SPRING_2027 = datetime.date(2027, 2, 8)  # a Monday: 春节 2027 is not known yet


def test_one_entered_day_does_not_confirm_the_year(world):
    WorkCalendarDay.objects.create(date=NEW_YEAR_2027, is_workday=False, name="元旦")
    assert workcalendar.is_provisional(2027)
    assert workcalendar.describe(SPRING_2027).provisional
    assert workcalendar.describe(NEW_YEAR_2027).provisional
    assert all(d.provisional for d in workcalendar.month_days(2027, 2))
    window = workcalendar.add_workdays(datetime.date(2027, 2, 1), 5)
    assert window.provisional


def test_a_county_admin_confirms_a_year_with_its_notice_and_it_is_audited(world):
    WorkCalendarDay.objects.create(date=NEW_YEAR_2027, is_workday=False, name="元旦")
    with pytest.raises(ServiceError, match="依据的国务院办公厅"):
        confirm_calendar_year(user=world.users.county, year=2027, notice="")
    with pytest.raises(ServiceError, match="只有县级管理员"):
        confirm_calendar_year(
            user=world.users.nonpublic, year=2027, notice="国办发明电〔2026〕7号"
        )
    confirm_calendar_year(
        user=world.users.county, year=2027, notice="国办发明电〔2026〕7号"
    )
    assert not workcalendar.is_provisional(2027)
    day = workcalendar.describe(NEW_YEAR_2027)
    assert not day.provisional and day.kind == workcalendar.HOLIDAY
    assert not workcalendar.add_workdays(datetime.date(2027, 2, 1), 5).provisional
    assert AuditLog.objects.filter(note__startswith="确认 2027 年工作日历完整").exists()
    assert WorkCalendarYear.objects.get().confirmed_by == world.users.county


def test_a_year_the_package_knows_needs_no_confirmation(world):
    with pytest.raises(ServiceError, match="无需确认"):
        confirm_calendar_year(user=world.users.county, year=2026, notice="通知")


def test_the_calendar_page_shows_which_years_are_provisional(world, login):
    client = login(world.users.county)
    page = client.get("/system/calendar/").content.decode()
    assert "暂算" in page
    response = client.post(
        "/system/calendar/",
        {"year": "2027", "notice": "国办发明电〔2026〕7号"},
        follow=True,
    )
    assert "已确认该年度工作日历完整" in response.content.decode()
    assert login(world.users.instructor).get("/system/calendar/").status_code == 403


def test_the_calendar_memo_describes_like_the_calendar_two_queries_a_year(
    world, django_assert_num_queries
):
    """A list's memo describes each date as `describe` does (an entered day, a package
    holiday, a provisional year), reading each year's rows once and describing only the
    months asked for."""
    WorkCalendarDay.objects.create(date=NEW_YEAR_2027, is_workday=False, name="元旦")
    dates = [
        datetime.date(2026, 10, 1),  # 国庆节, from the package
        datetime.date(2026, 10, 10),  # a Saturday
        datetime.date(2026, 11, 30),
        NEW_YEAR_2027,  # entered by hand, the year not confirmed
        SPRING_2027,
    ]
    expected = {d: workcalendar.describe(d) for d in dates}
    memo = workcalendar.CalendarMemo()
    with django_assert_num_queries(4):  # the rows and the confirmation of 2026, of 2027
        got = {d: memo.describe(d) for d in dates + dates}
    assert got == expected
    assert len(memo._days) == 31 + 30 + 31 + 28  # Oct, Nov 2026; Jan, Feb 2027
