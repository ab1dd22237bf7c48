"""The one guard for workflow moves: refuse an illegal move in Chinese, else save the record and
keep a history row (a `TransitionRecord`). Models call it from their `move()`/`transition()`."""

from liangxin.core.services import ServiceError


def move(
    obj,
    to: str,
    *,
    transitions: dict,
    labels: dict,
    by,
    note: str = "",
    history_model,
    parent_field: str,
):
    """Move `obj.status` to `to` if `transitions[obj.status]` allows it; bump the version, save,
    and return the history row. Nothing changes when the move is refused."""
    if to not in labels:
        raise ServiceError("未知的状态。", field="to")
    if to not in transitions[obj.status]:
        raise ServiceError(
            f"当前为“{labels[obj.status]}”，不能改为“{labels[to]}”。", field="to"
        )
    previous = obj.status
    obj.status = to
    obj.version += 1
    obj.save()
    return history_model.objects.create(
        **{parent_field: obj},
        from_status=previous,
        to_status=to,
        by=by,
        note=(note or "").strip()[:500],
    )
