"""Writes of appeals against published results."""

from django.db import transaction
from django.utils import timezone

from liangxin.assessment.models import Appeal, AppealStatus, Result, RoundStatus
from liangxin.assessment.services.base import _locked_for_update, _require
from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError
from liangxin.core.workflow import transition


def file_appeal(*, user, result: Result, reason: str) -> Appeal:
    reason = (reason or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(result.round)
        rnd.ensure_writable(RoundStatus.PUBLISHED)
        if result.instructor.user_id != user.pk:
            raise ServiceError("只能对本人的考核结果提出申诉。")
        if timezone.localdate() > rnd.appeal_deadline():
            raise ServiceError(f"申诉期已于 {rnd.appeal_deadline():%Y-%m-%d} 结束。")
        if not reason:
            raise ServiceError("请填写申诉理由。", field="reason")
        appeal = Appeal.objects.create(result=result, reason=reason)
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=appeal,
            region_id=rnd.region_id,
            after=audit.snapshot(appeal),
        )
    return appeal


def _still_open(appeal: Appeal) -> None:
    if appeal.status != AppealStatus.OPEN:
        raise ServiceError("该申诉已处理。")


def answer_appeal(*, user, appeal: Appeal, upheld: bool, response: str) -> Appeal:
    _require(user, Role.COUNTY_ADMIN)
    response = (response or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(appeal.result.round)
        rnd.ensure_writable(RoundStatus.PUBLISHED)
        if not response:
            raise ServiceError("请填写处理意见。", field="response")
        transition(
            appeal,
            AppealStatus.UPHELD if upheld else AppealStatus.REJECTED,
            user=user,
            note=response,
            changes={"response": response, "answered_by": user},
            check=_still_open,
            audit_note="处理申诉",
            region_id=rnd.region_id,
        )
    return appeal
