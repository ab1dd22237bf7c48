"""Obligations: "expected N per subject per period" against "actual in the period".

One mechanism for the monthly minimum of days on site, meeting frequencies (支委会 monthly,
党员大会 quarterly …), report cadence and training hours. The rules are rows in each app (a
frequency table, a Policy number); this module only knows periods and arithmetic. Apps count the
actual values with one grouped query per rule and hand both sides to `evaluate`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from liangxin.core.workcalendar import month_bounds


class Cadence:
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    CHOICES = [
        (MONTHLY, "每月"),
        (QUARTERLY, "每季度"),
        (HALF_YEARLY, "每半年"),
        (YEARLY, "每年"),
    ]
    MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    def contains(self, date: datetime.date) -> bool:
        return self.start <= date <= self.end


def _label(cadence: str, year: int, index: int) -> str:
    if cadence == Cadence.MONTHLY:
        return f"{year}年{index + 1}月"
    if cadence == Cadence.QUARTERLY:
        return f"{year}年第{index + 1}季度"
    if cadence == Cadence.HALF_YEARLY:
        return f"{year}年{'上' if index == 0 else '下'}半年"
    return f"{year}年"


def periods(year: int, cadence: str) -> list[Period]:
    """The periods of a year for a cadence."""
    step = Cadence.MONTHS[cadence]
    result = []
    for index, month in enumerate(range(1, 13, step)):
        start = datetime.date(year, month, 1)
        end = month_bounds(year, month + step - 1)[1]
        result.append(Period(start, end, _label(cadence, year, index)))
    return result


def period_of(date: datetime.date, cadence: str) -> Period:
    return next(p for p in periods(date.year, cadence) if p.contains(date))


@dataclass(frozen=True)
class Obligation:
    subject_id: int
    period: Period
    expected: int | Decimal
    actual: int | Decimal

    @property
    def shortfall(self):
        return max(0, self.expected - self.actual)

    @property
    def met(self) -> bool:
        return self.actual >= self.expected

    @property
    def rate(self) -> float | None:
        """Actual ÷ expected as a percentage, capped at 100; None when nothing is expected."""
        if not self.expected:
            return None
        return round(min(float(self.actual) / float(self.expected), 1.0) * 100, 1)


def evaluate(
    subject_ids, period_list: list[Period], expected, actual: dict
) -> list[Obligation]:
    """Obligations for every subject × period.

    `expected` is a number (the same for all) or a callable (subject_id, period) → number;
    `actual` maps (subject_id, period.start) → number, missing meaning 0.
    """
    rule = expected if callable(expected) else (lambda subject_id, period: expected)
    return [
        Obligation(
            subject_id,
            period,
            rule(subject_id, period),
            actual.get((subject_id, period.start), 0),
        )
        for subject_id in subject_ids
        for period in period_list
    ]


def rate(obligations: list[Obligation]) -> float | None:
    """The share of obligations met, as a percentage (None when there are none)."""
    counted = [o for o in obligations if o.expected]
    if not counted:
        return None
    return round(sum(1 for o in counted if o.met) * 100 / len(counted), 1)


# --- excused days ----------------------------------------------------------------------------
# Approved leave (and any later kind of excuse) lowers the monthly minimum of days on site. The
# app that owns the excuse registers a provider here, in its `obligations.py` (autodiscovered),
# so the app that counts days needs no import of it.

ExcuseProvider = Callable[[list[int], int, int], dict[int, int]]
_excuse_providers: list[ExcuseProvider] = []


def register_excuse(provider: ExcuseProvider) -> ExcuseProvider:
    """`provider(instructor_ids, year, month) -> {instructor_id: days}`, one query."""
    if provider not in _excuse_providers:
        _excuse_providers.append(provider)
    return provider


def excused_days(instructor_ids: list[int], year: int, month: int) -> dict[int, int]:
    total: dict[int, int] = {}
    if not instructor_ids:
        return total
    for provider in _excuse_providers:
        for pk, days in provider(instructor_ids, year, month).items():
            total[pk] = total.get(pk, 0) + days
    return total


def excused_days_by_month(
    instructor_ids: list[int], months: list[datetime.date]
) -> dict[datetime.date, dict[int, int]]:
    """{first of month: {instructor_id: days}} for many months: a provider with a `by_month`
    attribute answers the whole span at once (a bounded number of queries), others per month."""
    result: dict[datetime.date, dict[int, int]] = {m: {} for m in months}
    if not instructor_ids or not months:
        return result
    for provider in _excuse_providers:
        by_month = getattr(provider, "by_month", None)
        if by_month is not None:
            found = by_month(instructor_ids, months[0], months[-1])
        else:
            found = {m: provider(instructor_ids, m.year, m.month) for m in months}
        for month in months:
            for pk, days in found.get(month, {}).items():
                result[month][pk] = result[month].get(pk, 0) + days
    return result
