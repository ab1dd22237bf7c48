"""Calendar arithmetic that never raises for a real date: month ends, 29 February, year ends.

`date.replace(year=…)` raises on 29 February and `date.replace(month=…)` on the 31st; every
"same day N months/years later" in the project goes through these helpers instead.
"""

import calendar
import datetime


def add_months(date: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the month's last day when it has no such
    day (31 January + 1 month → 28/29 February). Clamped to the years `date` can hold."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    if year < datetime.MINYEAR:
        return datetime.date.min
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(
        year, month + 1, min(date.day, calendar.monthrange(year, month + 1)[1])
    )


def add_years(date: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February → 28 February in a common year."""
    return add_months(date, years * 12)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by `delta` months."""
    y, m = divmod(year * 12 + month - 1 + delta, 12)
    return y, m + 1


def month_end(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])
