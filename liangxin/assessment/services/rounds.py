"""Writes of a round's workflow: create, start scoring, computed scores, review, publish, lock."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from liangxin.assessment import scoring
from liangxin.assessment.models import (
    Appeal,
    AppealStatus,
    IndicatorKind,
    Result,
    Round,
    RoundStatus,
    Scheme,
    SchemeIndicator,
    Score,
)
from liangxin.assessment.services.base import _locked_for_update, _require
from liangxin.assessment.services.grading import grade_round
from liangxin.assessment.services.scheme_setup import validate_scheme
from liangxin.core import audit, indicators
from liangxin.core.models import AuditAction, Role
from liangxin.core.models.region import region_prefix
from liangxin.core.services import ServiceError
from liangxin.roster.models import Instructor, InstructorStatus


def create_round(
    *, user, scheme: Scheme, name: str, period_start, period_end, appeal_days: int = 7
) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    if period_end < period_start:
        raise ServiceError("考核期结束日期不能早于开始日期。", field="period_end")
    with transaction.atomic():
        rnd = Round.objects.create(
            region_id=scheme.region_id,
            scheme=scheme,
            name=name,
            period_start=period_start,
            period_end=period_end,
            appeal_days=appeal_days,
        )
        audit.log(
            user=user, action=AuditAction.CREATE, obj=rnd, after=audit.snapshot(rnd)
        )
    return rnd


def _evidence(item: SchemeIndicator, ind, value, rule, rnd: Round) -> dict:
    return {
        "indicator": ind.name,
        "label": ind.label,
        "unit": ind.unit,
        "value": str(value),
        "rule": scoring.describe(rule, ind.unit),
        "period": f"{rnd.period_start:%Y-%m-%d} 至 {rnd.period_end:%Y-%m-%d}",
    }


def fill_computed_scores(*, rnd: Round, user=None) -> int:
    """(Re)compute every computed indicator for every participant: one `indicators.compute`
    call per indicator and one bulk insert — never a query per instructor."""
    ids = list(rnd.results.values_list("instructor_id", flat=True))
    items = [i for i in rnd.scheme.indicators.all() if i.is_computed]
    Score.objects.filter(round=rnd, indicator__in=items).delete()
    now, rows = timezone.now(), []
    for item in items:
        ind = indicators.get(item.indicator_name)
        rule = item.rule(
            ind.higher_is_better if item.rule_kind == scoring.RuleKind.LINEAR else True
        )
        values = indicators.compute(
            item.indicator_name, ids, rnd.period_start, rnd.period_end
        )
        details = (
            ind.details(ids, rnd.period_start, rnd.period_end) if ind.details else {}
        )
        cache: dict = {}
        for pk in ids:
            value = Decimal(str(values[pk]))
            if value not in cache:
                cache[value] = (
                    scoring.score(rule, value),
                    _evidence(item, ind, value, rule, rnd),
                )
            points, evidence = cache[value]
            if details.get(pk):
                evidence = {**evidence, "details": details[pk]}
            rows.append(
                Score(
                    round=rnd,
                    instructor_id=pk,
                    indicator=item,
                    value=value,
                    points=points,
                    evidence=evidence,
                    scored_by=user,
                    scored_at=now,
                )
            )
    Score.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def start_scoring(*, user, rnd: Round) -> Round:
    """Draft → scoring: fix the participants (active instructors of the region) and fill in
    the computed scores."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.DRAFT)
        validate_scheme(rnd.scheme)
        instructors = Instructor.objects.filter(
            region__code__startswith=region_prefix(rnd.region_id),
            status=InstructorStatus.ACTIVE,
        ).values_list("pk", "region_id")
        Result.objects.bulk_create(
            [
                Result(round=rnd, instructor_id=pk, region_id=region)
                for pk, region in instructors
            ],
            batch_size=5000,
        )
        count = fill_computed_scores(rnd=rnd, user=user)
        rnd.transition(
            RoundStatus.SCORING,
            by=user,
            note=f"系统计算得分 {count} 项",
            audit_note="开始评分",
        )
    return rnd


def recompute_scores(*, user, rnd: Round) -> int:
    """Refresh the computed scores while scoring (data entered late)."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING)
        count = fill_computed_scores(rnd=rnd, user=user)
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=rnd,
            note=f"重新计算得分 {count} 项",
        )
    return count


def missing_manual_scores(rnd: Round) -> int:
    manual = rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).count()
    expected = manual * rnd.results.count()
    entered = Score.objects.filter(
        round=rnd, indicator__kind=IndicatorKind.MANUAL
    ).count()
    return expected - entered


def submit_for_review(*, user, rnd: Round) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING)
        missing = missing_manual_scores(rnd)
        if missing:
            raise ServiceError(f"尚有 {missing} 项人工评分未录入，不能提交审核。")
        grade_round(rnd)
        rnd.transition(RoundStatus.REVIEW, by=user, audit_note="提交审核")
    return rnd


def return_to_scoring(*, user, rnd: Round, note: str) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.REVIEW)
        rnd.transition(
            RoundStatus.SCORING, by=user, note=note, audit_note=f"退回评分：{note}"
        )
    return rnd


def publish_round(*, user, rnd: Round) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.REVIEW)
        grade_round(rnd)
        tied = list(
            Result.objects.filter(round=rnd, tie_pending=True).values_list(
                "instructor__name", flat=True
            )
        )
        if tied:
            raise ServiceError(
                f"{'、'.join(tied)} 在优秀名额线上完全并列，"
                "请先在本页决定并列名次，再公布结果。"
            )
        rnd.transition(RoundStatus.PUBLISHED, by=user, audit_note="公布考核结果")
    return rnd


def lock_round(*, user, rnd: Round) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.PUBLISHED)
        if Appeal.objects.filter(result__round=rnd, status=AppealStatus.OPEN).exists():
            raise ServiceError("尚有申诉未处理，不能锁定。")
        rnd.transition(RoundStatus.LOCKED, by=user, audit_note="锁定考核")
    return rnd
