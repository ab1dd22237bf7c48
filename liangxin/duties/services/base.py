"""Helpers shared by the duties services."""

from django.db import transaction

from liangxin.core import workflow
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, lock_for_update, update_record
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


def _text(value: str, message: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"内容不能超过 {limit} 字。", field=field)
    return value


def _audited_move(user, obj, to, note, action_note, **changes):
    """A duties move through the one workflow path (locked, history row, audited)."""
    return workflow.transition(
        obj, to, user=user, note=note, audit_note=action_note, changes=changes
    )


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
        record = lock_for_update(record, expected_version)
        if not record.is_editable:
            raise ServiceError(
                f"{label}当前为“{record.get_status_display()}”，不能修改。"
            )
        setattr(record, field, _text(value, required, field, limit))
        return update_record(user=user, instance=record, note=note)
