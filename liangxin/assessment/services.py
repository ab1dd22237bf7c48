"""Writes of the assessment: schemes, rounds, scores, vetoes, publication, appeals."""

import math
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from liangxin.assessment import scoring
from liangxin.assessment.models import (
    Appeal,
    AppealStatus,
    Dimension,
    DimensionCode,
    Grade,
    IndicatorKind,
    Result,
    Round,
    RoundStatus,
    Scheme,
    SchemeIndicator,
    Score,
    ScoreRevision,
    VetoFinding,
    VetoItem,
)
from liangxin.assessment.models.scheme import TIE_BREAK_ORDER
from liangxin.core import audit, indicators
from liangxin.core.models import AuditAction, Role
from liangxin.core.models.region import region_prefix
from liangxin.core.services import ServiceError
from liangxin.roster.models import Instructor, InstructorStatus

HUNDRED = Decimal(100)
SCORERS = (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF)


def _require(user, *roles):
    if not user.has_role(*roles):
        raise ServiceError("您没有执行该操作的权限。")


# --- schemes -------------------------------------------------------------------------------

def scheme_problems(scheme: Scheme) -> list[str]:
    """Everything that keeps a scheme from being used, in Chinese (empty: valid)."""
    problems = []
    dimensions = list(scheme.dimensions.all())
    total = sum((d.points for d in dimensions), Decimal(0))
    if total != HUNDRED:
        problems.append(f"五个维度分值合计应为 100 分，当前为 {total.normalize():f} 分。")
    missing = set(DimensionCode.values) - {d.code for d in dimensions}
    if missing:
        labels = "、".join(DimensionCode(c).label for c in DimensionCode.values if c in missing)
        problems.append(f"缺少维度：{labels}。")
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for item in scheme.indicators.all():
        sums[item.dimension_id] += item.max_points
        problems.extend(indicator_problems(item))
    for d in dimensions:
        if sums[d.pk] != d.points:
            problems.append(f"“{d.get_code_display()}”维度分值为 {d.points.normalize():f} 分，"
                            f"其下指标满分合计为 {sums[d.pk].normalize():f} 分，应相等。")
    return problems


def indicator_problems(item: SchemeIndicator) -> list[str]:
    problems = []
    if item.kind == IndicatorKind.MANUAL:
        if not item.rater_roles:
            problems.append(f"人工评分指标“{item.name}”未指定评分角色。")
        elif set(item.rater_roles) - set(Role.values):
            problems.append(f"人工评分指标“{item.name}”的评分角色无效。")
        return problems
    try:
        indicators.get(item.indicator_name)
    except indicators.UnknownIndicator:
        problems.append(f"指标“{item.name}”引用的数据指标“{item.indicator_name}”未登记。")
    if item.rule_kind not in (scoring.RuleKind.LINEAR, scoring.RuleKind.THRESHOLDS,
                              scoring.RuleKind.DEDUCTION):
        problems.append(f"指标“{item.name}”未设置计分规则。")
    elif item.rule_kind == scoring.RuleKind.LINEAR and not (item.target and item.target > 0):
        problems.append(f"指标“{item.name}”按比例计分，目标值应大于 0。")
    elif item.rule_kind == scoring.RuleKind.DEDUCTION and not item.per_occurrence:
        problems.append(f"指标“{item.name}”按次扣分，应填写每次扣分。")
    elif item.rule_kind == scoring.RuleKind.THRESHOLDS:
        try:
            steps = [(Decimal(str(v)), Decimal(str(p))) for v, p in item.thresholds]
        except (TypeError, ValueError, ArithmeticError):
            steps = []
        if not steps or any(p > item.max_points for _, p in steps):
            problems.append(f"指标“{item.name}”的分档无效（每档得分不能超过满分）。")
    if item.floor > item.max_points:
        problems.append(f"指标“{item.name}”的最低分不能高于满分。")
    return problems


def validate_scheme(scheme: Scheme) -> None:
    problems = scheme_problems(scheme)
    if problems:
        raise ServiceError(problems[0], field="dimensions")


#: The default of domain-rules.md §5. (dimension, points, [indicator …]); an indicator is
#: (name, max, manual roles) or (name, max, indicator name, rule fields).
_RATERS = [Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF]
DEFAULT_SCHEME = [
    (DimensionCode.DE, 15, "思想政治素质、个人品德和职业道德", [
        ("政治立场和纪律（组织评价）", 8, _RATERS, None),
        ("组织负责人、党员和职工满意度（电话调查、测评）", 7, _RATERS, None),
    ]),
    (DimensionCode.NENG, 15, "履职的业务素质和能力", [
        ("述职评议得分", 8, _RATERS, None),
        ("手册记录、报告和解决问题的质量（抽查评价）", 7, _RATERS, None),
    ]),
    (DimensionCode.QIN, 25, "责任心、工作态度、工作作风", [
        ("驻点到岗：每月不少于规定天数，每少一个月扣 2 分", 12, None,
         {"indicator_name": "fieldwork.months_short", "rule_kind": "deduction",
          "per_occurrence": Decimal(2), "floor": Decimal(0)}),
        ("工作手册四个部分按月完整记录", 5, None,
         {"indicator_name": "handbook.entries", "rule_kind": "linear", "target": Decimal(48)}),
        ("按时报送定期报告", 4, _RATERS, None),
        ("参加培训", 4, _RATERS, None),
    ]),
    (DimensionCode.JI, 35, "完成工作的数量、质量、效率和效益", [
        ("派驻单位组织覆盖进展", 8, _RATERS, None),
        ("所指导支部“三会一课”、主题党日落实", 8, _RATERS, None),
        ("组织生活会和民主评议党员开展", 5, _RATERS, None),
        ("按期换届，无逾期", 5, _RATERS, None),
        ("发展党员、入党积极分子培养", 4, _RATERS, None),
        ("为群众解决问题", 5, None,
         {"indicator_name": "handbook.problems_resolved", "rule_kind": "thresholds",
          "thresholds": [[1, 2], [3, 4], [5, 5]], "floor": Decimal(0)}),
    ]),
    (DimensionCode.LIAN, 10, "廉洁自律", [
        ("不在派驻单位领取报酬、报销费用、接受宴请和礼品", 10, _RATERS, None),
    ]),
]
DEFAULT_VETOES = ["经查实的违反廉洁纪律行为（在派驻单位领取报酬、报销费用、接受宴请或礼品等）"]


def seed_default_scheme(*, user, region, year: int, name: str = "党建工作指导员年度考核方案"
                        ) -> Scheme:
    """The editable default scheme of domain-rules.md §5 for a county and year."""
    with transaction.atomic():
        if Scheme.objects.filter(region=region, year=year, name=name).exists():
            raise ServiceError("该区划本年度已有同名考核方案。", field="name")
        scheme = Scheme.objects.create(region=region, year=year, name=name)
        for code, points, description, items in DEFAULT_SCHEME:
            dimension = Dimension.objects.create(scheme=scheme, code=code,
                                                 points=Decimal(points), description=description)
            for order, (label, top, raters, rule) in enumerate(items):
                item = SchemeIndicator(scheme=scheme, dimension=dimension, name=label,
                                       max_points=Decimal(top), order=order)
                if rule is None:
                    item.kind, item.rater_roles = IndicatorKind.MANUAL, [str(r) for r in raters]
                else:
                    item.kind = IndicatorKind.COMPUTED
                    for key, value in rule.items():
                        setattr(item, key, value)
                item.save()
        for label in DEFAULT_VETOES:
            VetoItem.objects.create(scheme=scheme, name=label, grade=Grade.UNQUALIFIED)
        validate_scheme(scheme)
        audit.log(user=user, action=AuditAction.CREATE, obj=scheme, after=audit.snapshot(scheme),
                  note="按默认方案生成")
    return scheme


def _scheme_in_use(scheme: Scheme) -> None:
    if scheme.rounds.exclude(status=RoundStatus.DRAFT).exists():
        raise ServiceError("该方案已用于进行中或已公布的考核，不能修改；如需调整请新建方案。")


def save_indicator(*, user, item: SchemeIndicator, note: str = "") -> SchemeIndicator:
    """Add or change an indicator of a scheme that no round has started with."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        _scheme_in_use(item.scheme)
        if item.dimension.scheme_id != item.scheme_id:
            raise ServiceError("所选维度不属于该方案。", field="dimension")
        problems = indicator_problems(item)
        if problems:
            raise ServiceError(problems[0])
        before = audit.snapshot(SchemeIndicator.objects.get(pk=item.pk)) if item.pk else None
        item.save()
        audit.log(user=user, action=AuditAction.UPDATE if before else AuditAction.CREATE,
                  obj=item.scheme, before=before, after=audit.snapshot(item), note=note)
    return item


def set_dimension_points(*, user, scheme: Scheme, points: dict[str, Decimal]) -> Scheme:
    """Change the five dimensions' points at once; they must sum to 100."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        _scheme_in_use(scheme)
        points = {**{d.code: d.points for d in scheme.dimensions.all()}, **points}
        total = sum(points.values(), Decimal(0))
        if total != HUNDRED:
            raise ServiceError(f"五个维度分值合计应为 100 分，当前为 {total.normalize():f} 分。",
                               field="dimensions")
        before = {d.code: str(d.points) for d in scheme.dimensions.all()}
        for dimension in scheme.dimensions.all():
            if dimension.code in points:
                dimension.points = points[dimension.code]
                dimension.save(update_fields=["points"])
        audit.log(user=user, action=AuditAction.UPDATE, obj=scheme, before=before,
                  after={k: str(v) for k, v in points.items()}, note="调整维度分值")
    return scheme


# --- rounds --------------------------------------------------------------------------------

def create_round(*, user, scheme: Scheme, name: str, period_start, period_end,
                 appeal_days: int = 7) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    if period_end < period_start:
        raise ServiceError("考核期结束日期不能早于开始日期。", field="period_end")
    with transaction.atomic():
        rnd = Round.objects.create(region_id=scheme.region_id, scheme=scheme, name=name,
                                   period_start=period_start, period_end=period_end,
                                   appeal_days=appeal_days)
        audit.log(user=user, action=AuditAction.CREATE, obj=rnd, after=audit.snapshot(rnd))
    return rnd


def _locked_for_update(rnd: Round) -> Round:
    return Round.objects.select_for_update().get(pk=rnd.pk)


def _evidence(item: SchemeIndicator, ind, value, rule, rnd: Round) -> dict:
    return {"indicator": ind.name, "label": ind.label, "unit": ind.unit, "value": str(value),
            "rule": scoring.describe(rule, ind.unit),
            "period": f"{rnd.period_start:%Y-%m-%d} 至 {rnd.period_end:%Y-%m-%d}"}


def fill_computed_scores(*, rnd: Round, user=None) -> int:
    """(Re)compute every computed indicator for every participant: one `indicators.compute`
    call per indicator and one bulk insert — never a query per instructor."""
    ids = list(rnd.results.values_list("instructor_id", flat=True))
    items = [i for i in rnd.scheme.indicators.all() if i.is_computed]
    Score.objects.filter(round=rnd, indicator__in=items).delete()
    now, rows = timezone.now(), []
    for item in items:
        ind = indicators.get(item.indicator_name)
        rule = item.rule(ind.higher_is_better if item.rule_kind == scoring.RuleKind.LINEAR
                         else True)
        values = indicators.compute(item.indicator_name, ids, rnd.period_start, rnd.period_end)
        cache: dict = {}
        for pk in ids:
            value = Decimal(str(values[pk]))
            if value not in cache:
                cache[value] = (scoring.score(rule, value), _evidence(item, ind, value, rule, rnd))
            points, evidence = cache[value]
            rows.append(Score(round=rnd, instructor_id=pk, indicator=item, value=value,
                              points=points, evidence=evidence, scored_by=user, scored_at=now))
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
        instructors = (Instructor.objects.filter(region__code__startswith=region_prefix(rnd.region_id),
                                                 status=InstructorStatus.ACTIVE)
                       .values_list("pk", "region_id"))
        Result.objects.bulk_create(
            [Result(round=rnd, instructor_id=pk, region_id=region) for pk, region in instructors],
            batch_size=5000)
        count = fill_computed_scores(rnd=rnd, user=user)
        rnd.transition(RoundStatus.SCORING, by=user, note=f"系统计算得分 {count} 项")
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note="开始评分")
    return rnd


def recompute_scores(*, user, rnd: Round) -> int:
    """Refresh the computed scores while scoring (data entered late)."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING)
        count = fill_computed_scores(rnd=rnd, user=user)
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note=f"重新计算得分 {count} 项")
    return count


def _check_points(item: SchemeIndicator, points) -> Decimal:
    try:
        points = Decimal(str(points))
    except (ArithmeticError, ValueError):
        raise ServiceError("请填写有效的分数。", field="points") from None
    if not points.is_finite():
        raise ServiceError("请填写有效的分数。", field="points")
    if points > item.max_points:
        raise ServiceError(f"得分不能超过该指标满分 {item.max_points.normalize():f} 分。",
                           field="points")
    if points < item.floor:
        raise ServiceError(f"得分不能低于该指标最低分 {item.floor.normalize():f} 分。",
                           field="points")
    return points.quantize(scoring.CENT)


def _check_participant(rnd: Round, instructor) -> None:
    if not Result.objects.filter(round=rnd, instructor=instructor).exists():
        raise ServiceError("该指导员不在本轮考核范围内。", field="instructor")


def enter_score(*, user, rnd: Round, instructor, item: SchemeIndicator, points,
                justification: str) -> Score:
    """A manual score by a rater of the indicator's roles, with a written justification."""
    justification = (justification or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.SCORING)
        if item.scheme_id != rnd.scheme_id or item.kind != IndicatorKind.MANUAL:
            raise ServiceError("该指标不是本轮考核的人工评分指标。", field="indicator")
        if not (user.is_superuser or user.role in item.rater_roles):
            raise ServiceError(f"该指标由{item.rater_labels()}评分。", field="indicator")
        if not Instructor.objects.visible_to(user).filter(pk=instructor.pk).exists():
            raise ServiceError("该指导员不在您的管辖范围内。", field="instructor")
        _check_participant(rnd, instructor)
        points = _check_points(item, points)
        if not justification:
            raise ServiceError("人工评分须填写评分依据。", field="justification")
        if Score.objects.filter(round=rnd, instructor=instructor, indicator=item).exists():
            raise ServiceError("该指标已评分，如需调整请使用“重新评分”并说明理由。",
                               field="indicator")
        score = Score.objects.create(round=rnd, instructor=instructor, indicator=item,
                                     points=points, justification=justification, scored_by=user)
        audit.log(user=user, action=AuditAction.CREATE, obj=score, after=audit.snapshot(score),
                  region_id=rnd.region_id)
    return score


def rescore(*, user, score: Score, points, reason: str) -> Score:
    """Change a score (after review or an appeal): written reason required, old value kept."""
    _require(user, *SCORERS)
    reason = (reason or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(score.round)
        rnd.ensure_writable(RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED)
        score = Score.objects.select_for_update().select_related("indicator").get(pk=score.pk)
        if not reason:
            raise ServiceError("重新评分须填写调整理由。", field="reason")
        points = _check_points(score.indicator, points)
        before = audit.snapshot(score)
        ScoreRevision.objects.create(score=score, old_points=score.points, new_points=points,
                                     reason=reason, by=user)
        score.points, score.scored_by, score.scored_at = points, user, timezone.now()
        score.save(update_fields=["points", "scored_by", "scored_at"])
        audit.log(user=user, action=AuditAction.UPDATE, obj=score, before=before,
                  after=audit.snapshot(score), note=f"重新评分：{reason}", region_id=rnd.region_id)
        if rnd.status == RoundStatus.PUBLISHED:
            grade_round(rnd)
    return score


def record_veto(*, user, rnd: Round, instructor, item: VetoItem, note: str) -> VetoFinding:
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
        finding = VetoFinding.objects.create(round=rnd, instructor=instructor, item=item,
                                             note=note, by=user)
        audit.log(user=user, action=AuditAction.CREATE, obj=rnd, note=f"一票否决：{item}；{note}")
    return finding


def missing_manual_scores(rnd: Round) -> int:
    manual = rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).count()
    expected = manual * rnd.results.count()
    entered = Score.objects.filter(round=rnd, indicator__kind=IndicatorKind.MANUAL).count()
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
        rnd.transition(RoundStatus.REVIEW, by=user)
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note="提交审核")
    return rnd


def return_to_scoring(*, user, rnd: Round, note: str) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.REVIEW)
        rnd.transition(RoundStatus.SCORING, by=user, note=note)
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note=f"退回评分：{note}")
    return rnd


def _sort_key(result: Result):
    """Tie-break (documented on the scheme page): total, then 绩, 勤, 能, 德, 廉 subtotals, all
    descending, then the instructor's record number (the earlier record first)."""
    subs = result.subtotals
    return (-result.total, *(-Decimal(subs.get(code, "0")) for code in TIE_BREAK_ORDER),
            result.instructor_id)


def grade_round(rnd: Round) -> None:
    """Totals, vetoes, grades, the 优秀 quota and ranks for every participant (bulk)."""
    scheme = rnd.scheme
    subtotals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (Score.objects.filter(round=rnd).values("instructor_id", "indicator__dimension__code")
            .annotate(points=Sum("points")).order_by())
    for row in rows:
        subtotals[row["instructor_id"]][row["indicator__dimension__code"]] = row["points"]
    vetoes = dict(VetoFinding.objects.filter(round=rnd)
                  .values_list("instructor_id", "item__grade"))
    results = list(Result.objects.filter(round=rnd))
    for result in results:
        subs = subtotals.get(result.instructor_id, {})
        result.subtotals = {code: str(subs.get(code, Decimal(0))) for code in DimensionCode.values}
        result.total = sum(subs.values(), Decimal(0))
        result.vetoed = result.instructor_id in vetoes
        result.grade = vetoes.get(result.instructor_id) or scheme.grade_for(result.total)
        result.over_quota = False
    ordered = sorted(results, key=_sort_key)
    quota = math.floor(scheme.excellent_quota * len(results))
    excellent = 0
    for result in ordered:
        if result.grade == Grade.EXCELLENT:
            excellent += 1
            if excellent > quota:
                result.grade, result.over_quota = Grade.COMPETENT, True
    previous, rank = None, 0
    for position, result in enumerate(ordered, start=1):
        if result.total != previous:  # competition ranking: equal totals share a rank
            rank, previous = position, result.total
        result.rank = rank
    # an upsert on (round, instructor) writes every row in a few set-based statements;
    # bulk_update's CASE expressions cost ~1 ms of Python per row at 10,000 rows
    Result.objects.bulk_create(
        results, batch_size=2000, update_conflicts=True, unique_fields=["round", "instructor"],
        update_fields=["subtotals", "total", "vetoed", "grade", "over_quota", "rank"])


def publish_round(*, user, rnd: Round) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.REVIEW)
        grade_round(rnd)
        rnd.transition(RoundStatus.PUBLISHED, by=user)
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note="公布考核结果")
    return rnd


def lock_round(*, user, rnd: Round) -> Round:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        rnd = _locked_for_update(rnd)
        rnd.ensure_writable(RoundStatus.PUBLISHED)
        if Appeal.objects.filter(result__round=rnd, status=AppealStatus.OPEN).exists():
            raise ServiceError("尚有申诉未处理，不能锁定。")
        rnd.transition(RoundStatus.LOCKED, by=user)
        audit.log(user=user, action=AuditAction.UPDATE, obj=rnd, note="锁定考核")
    return rnd


# --- appeals -------------------------------------------------------------------------------

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
        audit.log(user=user, action=AuditAction.CREATE, obj=appeal, region_id=rnd.region_id,
                  after=audit.snapshot(appeal))
    return appeal


def answer_appeal(*, user, appeal: Appeal, upheld: bool, response: str) -> Appeal:
    _require(user, Role.COUNTY_ADMIN)
    response = (response or "").strip()
    with transaction.atomic():
        rnd = _locked_for_update(appeal.result.round)
        rnd.ensure_writable(RoundStatus.PUBLISHED)
        if appeal.status != AppealStatus.OPEN:
            raise ServiceError("该申诉已处理。")
        if not response:
            raise ServiceError("请填写处理意见。", field="response")
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.response, appeal.answered_by = response, user
        appeal.save()
        audit.log(user=user, action=AuditAction.UPDATE, obj=appeal, region_id=rnd.region_id,
                  after=audit.snapshot(appeal))
    return appeal
