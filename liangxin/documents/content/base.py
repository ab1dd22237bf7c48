"""What a draft says: named figures, tables and charts, before it becomes a docx or a PDF.

Template placeholders name these: `{{指导员人数}}` a figure, `{{表格：逐月到岗}}` a table and
`{{图表：两个覆盖}}` a chart (each of the last two alone in its paragraph). A figure whose source
has no data is None and the draft shows a highlighted 【待补充：…】 instead of inventing text.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from liangxin.core.models import Region

TABLE_PREFIX = "表格："
CHART_PREFIX = "图表："


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    caption: str
    png: bytes


@dataclass
class Content:
    """The filled-in placeholders of one draft."""

    title: str
    filename: str
    figures: dict[str, str | None] = field(default_factory=dict)
    tables: dict[str, Table | None] = field(default_factory=dict)
    charts: dict[str, Chart | None] = field(default_factory=dict)

    def names(self) -> set[str]:
        return (
            set(self.figures)
            | {TABLE_PREFIX + n for n in self.tables}
            | {CHART_PREFIX + n for n in self.charts}
        )


def number(value) -> str | None:
    """Counts as integers, other values with at most one decimal, None stays None."""
    if value is None:
        return None
    if isinstance(value, (Decimal, float)) and value != int(value):
        return f"{float(value):.1f}"
    return str(int(value))


def money(value) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def percent(part: int, whole: int) -> str | None:
    """Share in per cent with one decimal; no denominator → missing, never 0 % or 100 %."""
    return f"{part * 100 / whole:.1f}%" if whole else None


def issuer(region: Region) -> str:
    """发文机关: 中共保德县委社会工作部 for the default OWNER_DEPARTMENT."""
    department = settings.OWNER_DEPARTMENT.split("（")[0]
    for level in ("县委", "市委", "省委", "区委"):
        if department.startswith(level):
            return f"中共{region.name}委{department[len(level) :]}"
    return f"{region.name}{department}"


def date_text(day: datetime.date) -> str:
    """成文日期 in Arabic numerals (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


def common_figures(region: Region, day: datetime.date) -> dict[str, str]:
    return {"地区": region.name, "发文机关": issuer(region), "成文日期": date_text(day)}


COMMON_PLACEHOLDERS = {
    "地区": "县（市、区）名称",
    "发文机关": "发文机关署名",
    "成文日期": "成文日期",
}
