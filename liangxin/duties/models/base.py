"""Shared workflow guard and draft hiding of the duties models."""

from liangxin.core.models import Role
from liangxin.core.services import ServiceError


def _move(obj, transitions: dict, labels: dict, to: str, *, by, note: str, history_model,
          parent_field: str):
    """Shared guard: refuse an illegal move in Chinese, else save and keep a history row."""
    if to not in labels:
        raise ServiceError("未知的状态。", field="to")
    if to not in transitions[obj.status]:
        raise ServiceError(
            f"当前为“{labels[obj.status]}”，不能改为“{labels[to]}”。", field="to")
    previous = obj.status
    obj.status = to
    obj.version += 1
    obj.save()
    return history_model.objects.create(**{parent_field: obj}, from_status=previous,
                                        to_status=to, by=by, note=(note or "").strip()[:500])


class DraftHidingMixin:
    """Drafts are the instructor's own until submitted: nobody else sees them."""

    def visible_to(self, user):
        qs = super().visible_to(user)
        if user.is_authenticated and user.role != Role.INSTRUCTOR:
            qs = qs.exclude(status="draft")
        return qs
