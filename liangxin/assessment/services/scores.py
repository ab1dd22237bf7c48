"""Writes of manual scores, rescoring and veto findings."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from liangxin.assessment import scoring
from liangxin.assessment.models import (
    IndicatorKind,
    Result,
    Round,
    RoundStatus,
    SchemeIndicator,
    Score,
    ScoreRevision,
    VetoFinding,
    VetoItem,
)
from liangxin.assessment.services.base import SCORERS, _locked_for_update, _require
from liangxin.assessment.services.grading import grade_round
from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError
from liangxin.roster.models import Instructor


def _check_points(item: SchemeIndicator, points) -> Decimal:
    try:
        points = Decimal(str(points))
    except (ArithmeticError, ValueError):
        raise ServiceError("请填写有效的分数。", field="points") from None
    if not points.is_finite():
        raise ServiceError("请填写有效的分数。", field="points")
    if points > item.max_points:
        raise ServiceError(
            f"得分不能超过该指标满分 {item.max_points.normalize():f} 分。",
            field="points",
        )
    if points < item.floor:
        raise ServiceError(
            f"得分不能低于该指标最低分 {item.floor.normalize():f} 分。", field="points"
        )
    return points.quantize(scoring.CENT)


def _check_participant(rnd: Round, instructor) -> None:
    if not Result.objects.filter(round=rnd, instructor=instructor).exists():
        raise ServiceError("该指导员不在本轮考核范围内。", field="instructor")


def enter_score(
    *, user, rnd: Round, instructor, item: SchemeIndicator, points, justification: str
) -> Score:
    """A manual score by a rater of the indicator's roles, with a written justification."""
    justification = (justification or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING)
        if item.scheme_id != rnd.scheme_id or item.kind != IndicatorKind.MANUAL:
            raise ServiceError("该指标不是本轮考核的人工评分指标。", field="indicator")
        if not (user.is_superuser or user.role in item.rater_roles):
            raise ServiceError(
                f"该指标由{item.rater_labels()}评分。", field="indicator"
            )
        if not Instructor.objects.visible_to(user).filter(pk=instructor.pk).exists():
            raise ServiceError("该指导员不在您的管辖范围内。", field="instructor")
        _check_participant(rnd, instructor)
        points = _check_points(item, points)
        if not justification:
            raise ServiceError("人工评分须填写评分依据。", field="justification")
        if Score.objects.filter(
            round=rnd, instructor=instructor, indicator=item
        ).exists():
            raise ServiceError(
                "该指标已评分，如需调整请使用“重新评分”并说明理由。", field="indicator"
            )
        score = Score.objects.create(
            round=rnd,
            instructor=instructor,
            indicator=item,
            points=points,
            justification=justification,
            scored_by=user,
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=score,
            after=audit.snapshot(score),
            region_id=rnd.region_id,
        )
    return score


def rescore(*, user, score: Score, points, reason: str) -> Score:
    """Change a score (after review or an appeal): written reason required, old value kept."""
    _require(user, *SCORERS)
    reason = (reason or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(score.round)
        rnd.ensure_writable(
            RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED
        )
        score = (
            Score.objects.select_for_update()
            .select_related("indicator")
            .get(pk=score.pk)
        )
        if not reason:
            raise ServiceError("重新评分须填写调整理由。", field="reason")
        points = _check_points(score.indicator, points)
        before = audit.snapshot(score)
        ScoreRevision.objects.create(
            score=score,
            old_points=score.points,
            new_points=points,
            reason=reason,
            by=user,
        )
        score.points, score.scored_by, score.scored_at = points, user, timezone.now()
        score.save(update_fields=["points", "scored_by", "scored_at"])
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=score,
            before=before,
            after=audit.snapshot(score),
            note=f"重新评分：{reason}",
            region_id=rnd.region_id,
        )
        if rnd.status == RoundStatus.PUBLISHED:
            grade_round(rnd)
    return score


def record_veto(
    *, user, rnd: Round, instructor, item: VetoItem, note: str
) -> VetoFinding:
    _require(user, Role.COUNTY_ADMIN)
    note = (note or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING, RoundStatus.REVIEW)
        if item.scheme_id != rnd.scheme_id:
            raise ServiceError("该否决事项不属于本轮考核方案。", field="item")
        _check_participant(rnd, instructor)
        if not note:
            raise ServiceError("请填写认定依据。", field="note")
        finding = VetoFinding.objects.create(
            round=rnd, instructor=instructor, item=item, note=note, by=user
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=rnd,
            note=f"一票否决：{item}；{note}",
        )
    return finding
