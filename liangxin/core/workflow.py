"""The one workflow move: `transition(obj, to, …)` locks the row, checks the move against the
model's `TRANSITIONS`, applies the changes, bumps the version, writes the history row (a
`TransitionRecord` subclass reached through the record's `transitions` relation) and the audit
entry — all in one transaction. Nothing changes when the move is refused.

A workflow model declares:
    TRANSITIONS = {"draft": ("checked",), "checked": ("approved", "draft"), …}
    WORKFLOW_NOUN = "发放表"   # optional, in messages; defaults to the verbose name
and a history model `class XTransition(TransitionRecord)` with a foreign key to it whose
`related_name` is "transitions" and `from_status` / `to_status` fields with the same choices.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.services import ServiceError, lock_for_update, update_record


def labels_of(model) -> dict:
    return dict(model._meta.get_field("status").choices)


def allowed_moves(obj) -> tuple:
    """The statuses `obj` may move to from where it is now."""
    return tuple(type(obj).TRANSITIONS.get(obj.status, ()))


def check_move(obj, to: str) -> None:
    """Refuse, in Chinese, a move the model's table does not allow from `obj.status`."""
    labels = labels_of(type(obj))
    if to not in labels:
        raise ServiceError("未知的状态。", field="to")
    if to not in allowed_moves(obj):
        noun = getattr(type(obj), "WORKFLOW_NOUN", type(obj)._meta.verbose_name)
        raise ServiceError(
            f"{noun}当前为“{labels[obj.status]}”，不能改为“{labels[to]}”。",
            field="to",
        )


def transition(
    obj,
    to: str,
    *,
    user,
    expected_version: int | None = None,
    note: str = "",
    changes: dict | None = None,
    check: Callable | None = None,
    audit_note: str | None = None,
    region_id: str | None = None,
):
    """Move `obj` to status `to` and return the history row.

    `changes` are further field values written with the move (who checked it, when…);
    `check(current)` runs on the locked row before the move and may raise a ServiceError
    (rules beyond the table: roles, separation of duties, deadlines). `obj` is refreshed with
    the saved values, so the caller keeps working with the moved record."""
    with transaction.atomic():
        current = lock_for_update(obj, expected_version)
        if check is not None:
            check(current)
        check_move(current, to)
        before = audit.snapshot(current)
        previous = current.status
        current.status = to
        for name, value in (changes or {}).items():
            setattr(current, name, value)
        if hasattr(current, "version"):
            current.version += 1
        current.save()
        note = (note or "").strip()[:500]
        step = current.transitions.create(
            from_status=previous, to_status=to, by=_user_or_none(user), note=note
        )
        labels = labels_of(type(obj))
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=audit.snapshot(current),
            note=audit_note
            or f"{labels[previous]} → {labels[to]}" + (f"：{note}" if note else ""),
            region_id=region_id,
        )
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(current, field.attname))
    return step


def advance(obj, *, finished: bool, to: str, user, note: str, changes: dict) -> None:
    """A step recorded on a record that goes through numbered steps (a candidate, a procedure
    run): the last step moves it to `to`; any other saves the changes (versioned, audited)."""
    if finished:
        transition(obj, to, user=user, note=note, changes=changes)
        return
    for name, value in changes.items():
        setattr(obj, name, value)
    try:
        update_record(user=user, instance=obj, note=note)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0]) from exc


def _user_or_none(user):
    return user if user is not None and getattr(user, "pk", None) else None


def history(obj):
    """The moves of a record, oldest first, with who made them (for its record page)."""
    return obj.transitions.select_related("by").order_by("at", "id")
