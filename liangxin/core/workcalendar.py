"""China's working calendar: DB rows first, then the `chinese_calendar` package, then Mon–Fri.

A year the package does not know (it covers 2004–2026 and raises `NotImplementedError` for
later years) is *provisional* (暂算) until a county admin confirms it complete from the State
Council notice (`WorkCalendarYear`): rows entered for some of its days are used, but one row
never makes the year count as known. Nothing here ever raises for a date it does not know.
"""

import calendar
import datetime
import functools
from dataclasses import dataclass

import chinese_calendar

from liangxin.core import memo
from liangxin.core.models import WorkCalendarDay, WorkCalendarYear

WORKDAY, WEEKEND, HOLIDAY = "workday", "weekend", "holiday"
KIND_LABELS = {WORKDAY: "工作日", WEEKEND: "周末", HOLIDAY: "节假日"}

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    is_workday: bool
    kind: str  # workday / weekend / holiday
    name: str = ""
    provisional: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@functools.lru_cache(maxsize=8192)  # the package's tables never change while we run
def package_day(date: datetime.date) -> tuple[bool, str] | None:
    """(is_workday, Chinese holiday name) from the package, or None for a year it does not know."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(date)
    except NotImplementedError:
        return None
    return (not on_holiday, HOLIDAY_NAMES.get(name, name or ""))


def _kind(date: datetime.date, is_workday: bool, name: str) -> str:
    if is_workday:
        return WORKDAY
    if date.weekday() >= 5 and not name:
        return WEEKEND
    return HOLIDAY


def _describe(
    date: datetime.date, row: WorkCalendarDay | None, year_confirmed: bool = False
) -> CalendarDay:
    known = package_day(date)
    # a day is certain when the package knows its year or an admin confirmed the year complete
    provisional = known is None and not year_confirmed
    if row is not None:
        return CalendarDay(
            date,
            row.is_workday,
            _kind(date, row.is_workday, row.name),
            row.name,
            provisional=provisional,
        )
    if known is not None:
        workday, name = known
        if date.weekday() >= 5 and workday and name:
            name = f"{name}补班"
        return CalendarDay(date, workday, _kind(date, workday, name), name)
    # Neither knows the day: Mon–Fri (in a confirmed year, a day not listed is plain)
    workday = date.weekday() < 5
    return CalendarDay(
        date, workday, WORKDAY if workday else WEEKEND, provisional=provisional
    )


def confirmed_years(first: int, last: int) -> set[int]:
    if memo.active():  # a page asks for several years: read the (short) list once
        years = memo.memoized(
            ("calendar-confirmed",),
            lambda: frozenset(WorkCalendarYear.objects.values_list("year", flat=True)),
        )
        return {year for year in years if first <= year <= last}
    return set(
        WorkCalendarYear.objects.filter(year__gte=first, year__lte=last).values_list(
            "year", flat=True
        )
    )


def _rows(first: datetime.date, last: datetime.date) -> dict:
    """The calendar's own rows from first to last: one query; within a request memo, the
    whole (short: the official adjustments, ~30 days a year) table once for the page."""
    if not memo.active():
        return {
            r.date: r for r in WorkCalendarDay.objects.filter(date__range=(first, last))
        }
    every = memo.memoized(
        ("calendar-days",), lambda: {r.date: r for r in WorkCalendarDay.objects.all()}
    )
    return {day: row for day, row in every.items() if first <= day <= last}


def describe(date: datetime.date) -> CalendarDay:
    row = WorkCalendarDay.objects.filter(date=date).first()
    if package_day(date) is None:
        return _describe(date, row, bool(confirmed_years(date.year, date.year)))
    return _describe(date, row)


def is_workday(date: datetime.date) -> bool:
    return describe(date).is_workday


def day_kind(date: datetime.date) -> str:
    """ "workday", "weekend" or "holiday" (a 补班 Saturday is a workday)."""
    return describe(date).kind


def is_provisional(year: int) -> bool:
    """True until the package knows the year or a county admin confirmed it complete."""
    if package_day(datetime.date(year, 1, 1)) is not None:
        return False
    return not confirmed_years(year, year)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a month."""
    return (
        datetime.date(year, month, 1),
        datetime.date(year, month, calendar.monthrange(year, month)[1]),
    )


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) from "YYYY-MM"; ValueError with a Chinese message otherwise."""
    try:
        value = datetime.datetime.strptime((text or "").strip(), "%Y-%m")
    except ValueError:
        raise ValueError("月份格式应为 YYYY-MM，例如 2026-03。") from None
    if not 2000 <= value.year <= 2100:
        raise ValueError("月份应在 2000 年至 2100 年之间。")
    return value.year, value.month


def month_days(year: int, month: int) -> list[CalendarDay]:
    """Every day of a month, in one query."""
    first, end = month_bounds(year, month)
    last = end.day
    rows = _rows(first, end)
    confirmed = package_day(first) is None and bool(confirmed_years(year, year))
    return [
        _describe(
            first + datetime.timedelta(days=n),
            rows.get(first + datetime.timedelta(days=n)),
            confirmed,
        )
        for n in range(last)
    ]


def days_between(first: datetime.date, last: datetime.date) -> list[CalendarDay]:
    """Every day from first to last inclusive, in one query (for windows across months)."""
    rows = _rows(first, last)
    confirmed = confirmed_years(first.year, last.year)
    days, day = [], first
    while day <= last:
        days.append(_describe(day, rows.get(day), day.year in confirmed))
        day += datetime.timedelta(days=1)
    return days


@dataclass(frozen=True)
class WorkdayWindow:
    start: datetime.date
    end: datetime.date  # the last working day of the window
    provisional: (
        bool  # some day inside was counted Mon–Fri without an official schedule
    )


def add_workdays(
    start: datetime.date,
    count: int,
    *,
    count_start: bool = True,
    memo: "CalendarMemo | None" = None,
) -> WorkdayWindow:
    """The window of `count` working days beginning at `start`, e.g. a 公示 of 5 working days or
    a reply due in 10 working days. With `count_start`, `start` itself counts if it is a working
    day (a local convention; make it a setting where it matters). Never raises for unknown years:
    the result is then marked provisional (暂算)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    first = start if count_start else start + datetime.timedelta(days=1)
    span = (
        count * 2 + 30
    )  # holidays (春节, 国庆) can add up to ~10 days; grow if needed
    while True:
        last = first + datetime.timedelta(days=span)
        if (
            memo is not None
        ):  # many windows in one request: two queries per year touched
            days = memo.between(first, last)
        else:
            days = days_between(first, last)
        working = [d for d in days if d.is_workday]
        if len(working) >= count:
            end = working[count - 1]
            provisional = any(d.provisional for d in days if d.date <= end.date)
            return WorkdayWindow(start=start, end=end.date, provisional=provisional)
        span *= 2


class CalendarMemo:
    """Day kinds for many dates in two queries per year touched (lists, exports, API pages),
    each month described when a date in it is first asked for (a page of twenty visits
    describes a month or two, not the whole year). Build one per request: it is not
    refreshed when the calendar is edited."""

    def __init__(self):
        self._days: dict[datetime.date, CalendarDay] = {}
        self._years: dict[int, tuple[dict, bool]] = {}

    def describe(self, date: datetime.date) -> CalendarDay:
        found = self._days.get(date)
        if found is None:
            self._describe_month(date)
            found = self._days[date]
        return found

    def _describe_month(self, date: datetime.date) -> None:
        year = date.year
        if year not in self._years:  # the year's own rows and whether it is confirmed
            self._years[year] = (
                _rows(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
                bool(confirmed_years(year, year)),
            )
        rows, confirmed = self._years[year]
        first, last = month_bounds(year, date.month)
        day = first
        while day <= last:
            self._days[day] = _describe(day, rows.get(day), confirmed)
            day += datetime.timedelta(days=1)

    def between(self, first: datetime.date, last: datetime.date) -> list[CalendarDay]:
        """As `days_between`, from the memo."""
        days, day = [], first
        while day <= last:
            days.append(self.describe(day))
            day += datetime.timedelta(days=1)
        return days
