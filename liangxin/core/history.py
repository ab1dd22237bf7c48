"""The audit trail of one record, as people read it: field names as the model labels them,
choices by their label, related records and people by name, no ids, versions or keys.

The audit log stores plain JSON (`audit.snapshot`); this module only translates it for
display, in a fixed number of queries (one per related model mentioned, not per entry).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from liangxin.core.models import AuditLog

#: bookkeeping that means nothing to a reader
HIDDEN_FIELDS = {
    "id",
    "version",
    "idempotency_key",
    "search_text",
    "password",
    "created_at",
    "updated_at",
    "region",
    "photo",
}
EMPTY = "（空）"


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    who: str
    action: str
    note: str
    changes: list[Change] = field(default_factory=list)


def history_for(obj: models.Model, user, limit: int = 50) -> list[HistoryEntry]:
    entries = list(
        AuditLog.objects.visible_to(user).for_object(obj).select_related("user")[:limit]
    )
    return readable(entries, type(obj))


def readable(entries: list[AuditLog], model: type[models.Model]) -> list[HistoryEntry]:
    fields = _fields(model)
    names = _related_names(entries, fields)
    result = []
    for entry in entries:
        changes = []
        if entry.before:  # a creation lists no "changes": the record itself shows them
            for key, before, after in entry.changes:
                f = fields.get(key)
                if f is None or key in HIDDEN_FIELDS:
                    continue
                changes.append(
                    Change(
                        str(f.verbose_name),
                        display(f, before, names),
                        display(f, after, names),
                    )
                )
        result.append(
            HistoryEntry(
                at=entry.at,
                who=person(entry),
                action=entry.get_action_display(),
                note=entry.note,
                changes=changes,
            )
        )
    return result


def person(entry: AuditLog) -> str:
    """The person's name; the login name only when no name was ever recorded."""
    if entry.user is not None:
        return entry.user.display_name or entry.username or "系统"
    return "系统" if not entry.username else "已删除的用户"


def _fields(model) -> dict[str, models.Field]:
    return {
        f.name: f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and not getattr(f, "primary_key", False)
    }


def _related_names(entries, fields) -> dict[tuple[type, object], str]:
    """{(related model, pk): its name} for every foreign key value the entries mention."""
    wanted: dict[type, set] = {}
    for entry in entries:
        for side in (entry.before or {}, entry.after or {}):
            for key, value in side.items():
                f = fields.get(key)
                if f is not None and f.is_relation and value not in (None, ""):
                    wanted.setdefault(f.related_model, set()).add(value)
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, obj.pk)] = str(obj)
            names[(related, str(obj.pk))] = str(obj)
    return names


def display(f: models.Field, value, names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if f.is_relation:
        return names.get((f.related_model, value), "（已删除）")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "是" if value else "否"
    if isinstance(f, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return f"{parsed:%Y-%m-%d %H:%M}"
    if isinstance(f, models.DateField) and isinstance(value, str):
        parsed = parse_date(value[:10])
        if parsed is not None:
            return f"{parsed:%Y-%m-%d}"
    if isinstance(value, list):
        labels = _list_labels(f)
        return "、".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 120 else text[:120] + "…"


def _list_labels(f: models.Field) -> dict:
    """Labels of a JSON list of choice values, when the model names its choices class
    (e.g. Visit.activities holds Activity values)."""
    choices = getattr(f.model, "LIST_CHOICES", {}).get(f.name)
    return dict(choices) if choices else {}
