"""Reporting periods of the department's documents: a year or a half-year."""

import datetime
import re
from dataclasses import dataclass

from liangxin.core.services import ServiceError
from liangxin.core.workcalendar import month_bounds

PERIOD_RE = re.compile(r"^(\d{4})(?:-(H1|H2))?$")


@dataclass(frozen=True)
class Period:
    year: int
    half: str = ""  # "", "H1" or "H2"

    @property
    def code(self) -> str:
        return f"{self.year}-{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == "H2" else 1, 1)

    @property
    def end(self) -> datetime.date:
        if self.half == "H1":
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year}年" + {"H1": "上半年", "H2": "下半年"}.get(self.half, "")

    def months(self, today: datetime.date) -> list[tuple[int, int]]:
        """(year, month) of the period's months that have ended by today: a month still
        under way would show as short of its minimum."""
        return [
            (self.year, m)
            for m in range(self.start.month, self.end.month + 1)
            if month_bounds(self.year, m)[1] < today
        ]


def parse_period(value: str) -> Period:
    match = PERIOD_RE.match((value or "").strip().upper())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ServiceError(
            "期间格式应为 2026、2026-H1（上半年）或 2026-H2（下半年）。",
            field="period",
        )
    return Period(int(match.group(1)), match.group(2) or "")
