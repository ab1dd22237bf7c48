"""The indicator registry: named metrics each app can compute per instructor and period.

Assessment schemes refer to indicators by name, so adding a metric never touches assessment code.
Each app registers its indicators in `<app>/indicators.py` (imported at start-up). A `compute`
function gets instructor ids and an inclusive date range and returns {instructor_id: value} using
a bounded number of set-based queries — never one query per instructor.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal
Compute = Callable[[list[int], datetime.date, datetime.date], dict[int, Number]]
#: optional: {instructor_id: [short Chinese lines]} behind a value, shown as evidence to the
#: assessed person, so it must say nothing they may not see (e.g. an inspection's kind)
Details = Callable[[list[int], datetime.date, datetime.date], dict[int, list[str]]]


@dataclass(frozen=True)
class Indicator:
    name: str  # "app.metric", stable: schemes store it
    label: str  # Chinese, shown to people
    unit: str  # 天, 条, 个, %, 学时 …
    compute: Compute
    description: str = ""
    higher_is_better: bool = True
    details: Details | None = None


_registry: dict[str, Indicator] = {}


class UnknownIndicator(KeyError):
    pass


def register(indicator: Indicator) -> Indicator:
    if indicator.name in _registry and _registry[indicator.name] is not indicator:
        raise ValueError(f"indicator {indicator.name!r} is registered twice")
    _registry[indicator.name] = indicator
    return indicator


def indicator(
    name: str,
    label: str,
    unit: str,
    *,
    description: str = "",
    higher_is_better: bool = True,
    details: Details | None = None,
):
    """Decorator form: `@indicator("fieldwork.confirmed_days", "经确认到岗天数", "天")`."""

    def wrap(fn: Compute) -> Compute:
        register(
            Indicator(name, label, unit, fn, description, higher_is_better, details)
        )
        return fn

    return wrap


def get(name: str) -> Indicator:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownIndicator(name) from None


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda i: i.name)


def compute(
    name: str, instructor_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> dict[int, Number]:
    """Values for every requested instructor; instructors with no data get 0."""
    ids = list(instructor_ids)
    values = get(name).compute(ids, start, end)
    return {pk: values.get(pk, 0) for pk in ids}
