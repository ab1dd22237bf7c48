"""Sorting a list as people read it: Chinese text in pinyin order, empty values last.

PostgreSQL sorts text by code point under the default collation (保德德馨… after 保德东关…
because 德 U+5FB7 comes after 东 U+4E1C); its ICU collation `zh-x-icu` sorts by pinyin
(de before dong), as a county office's paper rosters do. SQLite has no such collation and
keeps code-point order. The collation is a setting (PINYIN_COLLATION, empty to switch off)
for a PostgreSQL built without ICU.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import F
from django.db.models.functions import Collate

TEXT_TYPES = ("CharField", "TextField")


def _field(model, lookup: str):
    """The field at the end of `committee__name`, or None when the path is not fields."""
    field = None
    for part in lookup.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def is_text(model, lookup: str) -> bool:
    """Free text (a name), not a code from a list of choices."""
    field = _field(model, lookup)
    return (
        field is not None
        and not field.is_relation
        and field.get_internal_type() in TEXT_TYPES
        and not field.choices
    )


def collation(qs) -> str:
    """The pinyin collation for this queryset's database, or "" where there is none."""
    name = settings.PINYIN_COLLATION
    return name if name and connections[qs.db].vendor == "postgresql" else ""


def column_term(model, spec: str, pinyin: str):
    """`name` / `-name` as an ordering term: text in pinyin order, empty values last both
    ways (a column of distances or dates lists the rows that have one first)."""
    descending = spec.startswith("-")
    lookup = spec.lstrip("-")
    expression = F(lookup)
    if pinyin and is_text(model, lookup):
        expression = Collate(expression, pinyin)
    return (
        expression.desc(nulls_last=True)
        if descending
        else expression.asc(nulls_last=True)
    )


def default_order(qs):
    """The model's own ordering with its text fields in pinyin order (a list's first view)."""
    pinyin = collation(qs)
    if not pinyin or qs.query.order_by or not qs.query.default_ordering:
        return qs
    specs = qs.model._meta.ordering
    if not any(isinstance(s, str) and is_text(qs.model, s.lstrip("-")) for s in specs):
        return qs
    return qs.order_by(
        *(
            column_term(qs.model, s, pinyin)
            if isinstance(s, str) and is_text(qs.model, s.lstrip("-"))
            else s
            for s in specs
        )
    )
