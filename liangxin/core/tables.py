"""Column declarations shared by a list page and its export, so the export is what is on screen."""

import datetime
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import format_html


@dataclass(frozen=True)
class Column:
    path: str  # dotted attribute path, e.g. "committee.name"
    label: str
    link: bool = False  # link the cell to the row's detail page
    #: on screen only: "col-wide" hides the column below 1600 px (a detail the row's page and
    #: the export keep), "col-wrap" lets long text wrap instead of widening the table
    css: str = ""
    #: False for a column computed from a field (its header sorts nothing it shows)
    sortable: ClassVar[bool] = True

    def raw(self, obj):
        value = obj
        for part in self.path.split("."):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if display is not None else getattr(value, part)
            if callable(value) and not isinstance(value, models.Manager):
                value = value()
        return value

    def cell(self, obj):
        """A value for xlsx: real dates and numbers, text for the rest."""
        value = self.raw(obj)
        if isinstance(value, bool):
            return "是" if value else "否"
        if value is None:
            return ""
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # xlsx cannot store time zones; show local (Asia/Shanghai) time
            return timezone.make_naive(value)
        if isinstance(value, (int, float, datetime.date)):
            return value
        if isinstance(value, (list, tuple)):
            return "、".join(str(v) for v in value)
        return str(value)

    def text(self, obj) -> str:
        value = self.cell(obj)
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        return str(value)


class PercentColumn(Column):
    """A share stored as a fraction (0.20) shown as a percentage (20%), on screen and in the
    export alike."""

    def cell(self, obj):
        value = self.raw(obj)
        if value is None:
            return ""
        return f"{float(value) * 100:.4g}%"


class FlagColumn(Column):
    """A yes/no column shown as a red badge on screen and as 是/否 in the export."""

    def text(self, obj):
        return (
            format_html('<span class="badge text-bg-danger">{}</span>', self.label)
            if self.raw(obj)
            else ""
        )


@dataclass(frozen=True)
class DayKindColumn(Column):
    """工作日 / 周末 / 节假日 of a date field (with 暂算 for a year not yet known), read from
    the work calendar through a per-request memo."""

    memo: object = None
    sortable: ClassVar[bool] = False

    def raw(self, obj):
        value = super().raw(obj)
        if value is None or self.memo is None:
            return None
        day = self.memo.describe(value)
        label = day.kind_label + (f"（{day.name}）" if day.name else "")
        return label + ("（暂算）" if day.provisional else "")


def sort_lookup(model, column: Column) -> str | None:
    """The ORM lookup a column sorts by (`committee.name` → `committee__name`), or None when
    its path is not a chain of foreign keys ending in a concrete field (methods, reverse and
    many-to-many relations, a bare foreign key, computed columns such as DayKindColumn)."""
    if type(column) is not Column:
        return None
    parts = column.path.split(".")
    current = model
    for i, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        last = i == len(parts) - 1
        if not field.concrete or field.many_to_many or field.one_to_many:
            return None
        if field.is_relation:
            if last:
                return None
            current = field.related_model
        elif not last:
            return None
    return "__".join(parts)
