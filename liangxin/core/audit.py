"""The one audit trail. Services call `log()` inside their transaction."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from liangxin.core.middleware import request_id_var
from liangxin.core.models import AuditLog


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict:
    """The stored field values of a record, as JSON-ready data (for before/after)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("created_at", "updated_at", "search_text", "password"):
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def log(
    *,
    user,
    action: str,
    obj: models.Model | None = None,
    before=None,
    after=None,
    note: str = "",
    region_id: str | None = None,
) -> AuditLog:
    if region_id is None and obj is not None:
        region_id = getattr(obj, "region_id", None)
    if region_id is None and user is not None and getattr(user, "region_id", None):
        region_id = user.region_id
    return AuditLog.objects.create(
        user=user if user is not None and user.pk else None,
        username=getattr(user, "username", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj)
        if obj is not None
        else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        note=note,
        request_id=request_id_var.get(),
        region_id=region_id,
    )
