"""Helpers shared by the duties services."""

from django.db import transaction

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.notifications import notify
from liangxin.core.services import (
    CONFLICT_MESSAGE,
    ConflictError,
    ServiceError,
    update_record,
)
from liangxin.roster.models import Instructor


def instructor_of(user) -> Instructor | None:
    if not user.is_authenticated:
        return None
    return Instructor.objects.filter(user=user, user__isnull=False).first()


def _own_instructor(user, record) -> Instructor:
    instructor = instructor_of(user)
    if instructor is None or instructor.pk != record.instructor_id:
        raise ServiceError("只有指导员本人可以办理此操作。")
    return instructor


def _lock(model, obj, expected_version):
    current = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(CONFLICT_MESSAGE)
    return current


def _text(value: str, message: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"内容不能超过 {limit} 字。", field=field)
    return value


def _audited_move(user, obj, to, note, action_note, **changes):
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    step = obj.move(to, by=user, note=note)
    audit.log(
        user=user,
        action=AuditAction.UPDATE,
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
        note=action_note,
    )
    return step


def _tell_instructor(record, title: str, key: str, body: str = ""):
    recipient = (
        Instructor.objects.select_related("user").get(pk=record.instructor_id).user
    )
    if recipient is not None:
        notify(
            recipient=recipient,
            title=title,
            body=body,
            url=record.get_absolute_url(),
            key=key,
        )


def edit_own_text(
    *,
    user,
    model,
    record,
    field: str,
    value: str,
    required: str,
    limit: int,
    label: str,
    note: str,
    expected_version: int | None,
):
    """The instructor edits the text of their own draft or returned record (optimistic lock,
    validated and audited through the shared write path)."""
    _own_instructor(user, record)
    with transaction.atomic():
        record = _lock(model, record, expected_version)
        if not record.is_editable:
            raise ServiceError(
                f"{label}当前为“{record.get_status_display()}”，不能修改。"
            )
        setattr(record, field, _text(value, required, field, limit))
        return update_record(user=user, instance=record, note=note)
