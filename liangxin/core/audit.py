"""The one audit trail. Services call `log()` inside their transaction."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

from liangxin.core import facts
from liangxin.core.middleware import request_id_var
from liangxin.core.models import AuditLog
from liangxin.core.models.audit import READ_ACTIONS
from liangxin.core.models.region import region_chain


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
    entry = AuditLog(
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
    with transaction.atomic(savepoint=False):
        _lock_chain()
        entry.prev_hash = (
            AuditLog.objects.order_by("-id").values_list("hash", flat=True).first()
            or ""
        )
        entry.hash = entry.compute_hash()
        entry.save()
    if action not in READ_ACTIONS:  # what the county's flag rows show may have changed
        facts.written(region_id, getattr(obj, "instructor_id", None))
    return entry


# Any constant works: it names the one advisory lock that serialises writers of the chain.
_CHAIN_LOCK = 0x4C58_4155


def _lock_chain() -> None:
    """One writer at a time appends to the chain, until its transaction ends, so two
    concurrent entries never claim the same predecessor. SQLite already serialises
    writers (BEGIN IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def log_denied(request, status: int, reason: str = "") -> None:
    """A refused request by a signed-in user (403, or 404 on a record outside the scope)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    note = f"{status} {request.method} {request.get_full_path()[:300]}"
    if reason:
        note += f"：{reason[:200]}"
    log(user=user, action="denied", note=note)


def note_reveal(request, obj: models.Model, what: str) -> None:
    """A full personal datum (a phone number) is shown in this response. Logged once per
    request, listing every record revealed (DeniedAuditMiddleware writes it)."""
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    if not hasattr(request, "_revealed"):
        request._revealed = []
    request._revealed.append((obj, what))


def log_reveals(request) -> None:
    revealed = getattr(request, "_revealed", None)
    user = getattr(request, "user", None)
    if not revealed or user is None or not user.is_authenticated:
        return
    what = "、".join(sorted({w for _, w in revealed}))
    names = "、".join(str(o) for o, _ in revealed)
    log(
        user=user,
        action="reveal",
        obj=revealed[0][0] if len(revealed) == 1 else None,
        note=f"{what}（{len(revealed)} 条）：{names}"[:1000],
    )


def latest_write(region_code: str, *, by: int | None = None) -> int:
    """The id of the newest audit entry of a region, the regions above it and the whole
    system (a rule set or policy without a region) that records a change: one query, an index
    look-up each (`audit_region_write_idx`); with `by`, also the newest write that user made,
    wherever it is logged (`audit_user_write_idx`). Every service write logs an entry, so a page kept
    under this number (the county cockpit, the worklist, a list's results) is recomputed after
    any recorded change; a reading (a login, an export, a phone number shown: READ_ACTIONS)
    changes nothing a page shows and recomputes nothing."""
    region, person = latest_writes(region_code, by=by)
    return max(region, person)


def latest_writes(region_code: str, *, by: int | None = None) -> tuple[int, int]:
    """(the region's newest write as `latest_write` without `by`, the newest write `by` made
    anywhere, 0 without `by`), in one query: a person's page and the county summary inside it
    ask for both.

    Written as SQL because every kept page asks it: the ORM spent 2 ms building this
    statement, the database 0.1 ms answering it. The read actions are written into the
    statement, as the partial index's condition is, so that the planner can use that index
    for a prepared statement too. The audit log is read on the primary
    (dbrouter.PRIMARY_ONLY_MODELS)."""
    codes = region_chain(region_code)
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    column = connection.ops.quote_name(AuditLog._meta.get_field("region").column)
    action = connection.ops.quote_name(AuditLog._meta.get_field("action").column)
    reads = ", ".join(f"'{a}'" for a in READ_ACTIONS)  # constants of the code, [a-z_]
    newest = (
        f"COALESCE((SELECT id FROM {table} WHERE {column} {{}} "
        f"AND NOT ({action} IN ({reads})) ORDER BY id DESC LIMIT 1), 0)"
    )
    parts = [newest.format("= %s") for _ in codes] + [newest.format("IS NULL")]
    params = list(codes)
    greatest = (
        "MAX" if connection.vendor == "sqlite" else "GREATEST"
    )  # both take ≥ 2 values
    person = "0"
    if by is not None:
        user = connection.ops.quote_name(AuditLog._meta.get_field("user").column)
        person = (
            f"COALESCE((SELECT id FROM {table} WHERE {user} = %s "
            f"AND NOT ({action} IN ({reads})) ORDER BY id DESC LIMIT 1), 0)"
        )
        params.append(by)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {greatest}({', '.join(parts)}), {person}", params)
        region, person_newest = cursor.fetchone()
    return region or 0, person_newest or 0
