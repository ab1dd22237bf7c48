"""The county's decision of true ties at the 优秀 quota line."""

import math

from django.db import transaction

from liangxin.assessment.models import Grade, Result, Round, RoundStatus, TieDecision
from liangxin.assessment.services.base import _locked_for_update, _require
from liangxin.assessment.services.grading import grade_round
from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError


def pending_tie(rnd: Round) -> tuple[list[Result], int]:
    """The tied results still waiting for the county, and the 优秀 places they share
    (graded rows: those above the tie hold the other places)."""
    results = list(Result.objects.filter(round=rnd).select_related("instructor"))
    group = sorted((r for r in results if r.tie_pending), key=lambda r: r.instructor_id)
    if not group:
        return [], 0
    quota = math.floor(rnd.scheme.excellent_quota * len(results))
    above = sum(1 for r in results if r.grade == Grade.EXCELLENT)
    return group, quota - above


def decide_tie(*, user, rnd: Round, excellent_ids, note: str) -> list[TieDecision]:
    """Give the shared 优秀 places of a true tie to the instructors chosen by the county."""
    _require(user, Role.COUNTY_ADMIN)
    note = (note or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        # a published round regraded under the tie rule (recompute_assessment) is decided too
        rnd.ensure_writable(
            RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED
        )
        grade_round(rnd)
        group, places = pending_tie(rnd)
        if not group:
            raise ServiceError("本轮考核没有待决定的并列名次。")
        try:
            chosen = {int(pk) for pk in excellent_ids}
        except (TypeError, ValueError):
            raise ServiceError(
                "请选择获得优秀名额的指导员。", field="excellent"
            ) from None
        ids = sorted(r.instructor_id for r in group)
        if not chosen <= set(ids):
            raise ServiceError("所选指导员不在并列人员之中。", field="excellent")
        if len(chosen) != places:
            raise ServiceError(
                f"并列的 {len(ids)} 人共享 {places} 个优秀名额，请恰好选择 {places} 人。",
                field="excellent",
            )
        if not note:
            raise ServiceError("请填写决定依据（如会议纪要）。", field="note")
        TieDecision.objects.filter(round=rnd).delete()
        decisions = TieDecision.objects.bulk_create(
            [
                TieDecision(
                    round=rnd,
                    instructor_id=pk,
                    grade=Grade.EXCELLENT if pk in chosen else Grade.COMPETENT,
                    group=ids,
                    note=note,
                    by=user,
                )
                for pk in ids
            ]
        )
        names = {r.instructor_id: r.instructor.name for r in group}
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=rnd,
            after={
                "tie_group": [names[pk] for pk in ids],
                "excellent": [names[pk] for pk in sorted(chosen)],
            },
            note=f"决定并列名次：{'、'.join(names[pk] for pk in sorted(chosen))} 为优秀；{note}",
        )
        grade_round(rnd)
    return decisions
