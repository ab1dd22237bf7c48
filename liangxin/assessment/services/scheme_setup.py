"""Writes of a scheme's dimensions and indicators, the default scheme and its checks."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from liangxin.assessment import scoring
from liangxin.assessment.models import (
    Dimension,
    DimensionCode,
    Grade,
    IndicatorKind,
    RoundStatus,
    Scheme,
    SchemeIndicator,
    VetoItem,
)
from liangxin.assessment.services.base import _require
from liangxin.core import audit, indicators
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError

HUNDRED = Decimal(100)


def scheme_problems(scheme: Scheme) -> list[str]:
    """Everything that keeps a scheme from being used, in Chinese (empty: valid)."""
    problems = []
    dimensions = list(scheme.dimensions.all())
    total = sum((d.points for d in dimensions), Decimal(0))
    if total != HUNDRED:
        problems.append(
            f"五个维度分值合计应为 100 分，当前为 {total.normalize():f} 分。"
        )
    missing = set(DimensionCode.values) - {d.code for d in dimensions}
    if missing:
        labels = "、".join(
            DimensionCode(c).label for c in DimensionCode.values if c in missing
        )
        problems.append(f"缺少维度：{labels}。")
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for item in scheme.indicators.all():
        sums[item.dimension_id] += item.max_points
        problems.extend(indicator_problems(item))
    for d in dimensions:
        if sums[d.pk] != d.points:
            problems.append(
                f"“{d.get_code_display()}”维度分值为 {d.points.normalize():f} 分，"
                f"其下指标满分合计为 {sums[d.pk].normalize():f} 分，应相等。"
            )
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
        problems.append(
            f"指标“{item.name}”引用的数据指标“{item.indicator_name}”未登记。"
        )
    if item.rule_kind not in (
        scoring.RuleKind.LINEAR,
        scoring.RuleKind.THRESHOLDS,
        scoring.RuleKind.DEDUCTION,
    ):
        problems.append(f"指标“{item.name}”未设置计分规则。")
    elif item.rule_kind == scoring.RuleKind.LINEAR and not (
        item.target and item.target > 0
    ):
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
    if item.max_points <= 0 and not (
        item.rule_kind == scoring.RuleKind.DEDUCTION and item.floor < 0
    ):
        problems.append(
            f"指标“{item.name}”满分为 0 时只能是按次扣分、最低分为负数的纯扣分项。"
        )
    return problems


def validate_scheme(scheme: Scheme) -> None:
    problems = scheme_problems(scheme)
    if problems:
        raise ServiceError(problems[0], field="dimensions")


#: The default of domain-rules.md §5. (dimension, points, [indicator …]); an indicator is
#: (name, max, manual roles) or (name, max, indicator name, rule fields).
_RATERS = [Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF]
DEFAULT_SCHEME = [
    (
        DimensionCode.DE,
        15,
        "思想政治素质、个人品德和职业道德",
        [
            ("政治立场和纪律（组织评价）", 8, _RATERS, None),
            ("组织负责人、党员和职工满意度（电话调查、测评）", 7, _RATERS, None),
        ],
    ),
    (
        DimensionCode.NENG,
        15,
        "履职的业务素质和能力",
        [
            ("述职评议得分", 8, _RATERS, None),
            ("手册记录、报告和解决问题的质量（抽查评价）", 7, _RATERS, None),
        ],
    ),
    (
        DimensionCode.QIN,
        25,
        "责任心、工作态度、工作作风",
        [
            (
                "驻点到岗：每月不少于规定天数，每少一个月扣 2 分",
                12,
                None,
                {
                    "indicator_name": "fieldwork.months_short",
                    "rule_kind": "deduction",
                    "per_occurrence": Decimal(2),
                    "floor": Decimal(0),
                },
            ),
            (
                "工作手册四个部分按月完整记录",
                5,
                None,
                {
                    "indicator_name": "handbook.entries",
                    "rule_kind": "linear",
                    "target": Decimal(48),
                },
            ),
            ("按时报送定期报告", 4, _RATERS, None),
            ("参加培训", 4, _RATERS, None),
            (
                # §5: "明查暗访: −1 per absence found" — a pure deduction (0 to earn). The
                # indicator counts a 暗访 only once the county has published its finding.
                "明查暗访：每发现一次缺岗扣 1 分",
                0,
                None,
                {
                    "indicator_name": "inspections.absences_found",
                    "rule_kind": "deduction",
                    "per_occurrence": Decimal(1),
                    "floor": Decimal(-10),
                },
            ),
        ],
    ),
    (
        DimensionCode.JI,
        35,
        "完成工作的数量、质量、效率和效益",
        [
            ("派驻单位组织覆盖进展", 8, _RATERS, None),
            ("所指导支部“三会一课”、主题党日落实", 8, _RATERS, None),
            ("组织生活会和民主评议党员开展", 5, _RATERS, None),
            ("按期换届，无逾期", 5, _RATERS, None),
            ("发展党员、入党积极分子培养", 4, _RATERS, None),
            (
                "为群众解决问题",
                5,
                None,
                {
                    "indicator_name": "handbook.problems_resolved",
                    "rule_kind": "thresholds",
                    "thresholds": [[1, 2], [3, 4], [5, 5]],
                    "floor": Decimal(0),
                },
            ),
        ],
    ),
    (
        DimensionCode.LIAN,
        10,
        "廉洁自律",
        [
            ("不在派驻单位领取报酬、报销费用、接受宴请和礼品", 10, _RATERS, None),
        ],
    ),
]
DEFAULT_VETOES = [
    "经查实的违反廉洁纪律行为（在派驻单位领取报酬、报销费用、接受宴请或礼品等）"
]


def seed_default_scheme(
    *, user, region, year: int, name: str = "党建工作指导员年度考核方案"
) -> Scheme:
    """The editable default scheme of domain-rules.md §5 for a county and year."""
    with transaction.atomic():
        if Scheme.objects.filter(region=region, year=year, name=name).exists():
            raise ServiceError("该区划本年度已有同名考核方案。", field="name")
        scheme = Scheme.objects.create(region=region, year=year, name=name)
        for code, points, description, items in DEFAULT_SCHEME:
            dimension = Dimension.objects.create(
                scheme=scheme,
                code=code,
                points=Decimal(points),
                description=description,
            )
            for order, (label, top, raters, rule) in enumerate(items):
                item = SchemeIndicator(
                    scheme=scheme,
                    dimension=dimension,
                    name=label,
                    max_points=Decimal(top),
                    order=order,
                )
                if rule is None:
                    item.kind, item.rater_roles = (
                        IndicatorKind.MANUAL,
                        [str(r) for r in raters],
                    )
                else:
                    item.kind = IndicatorKind.COMPUTED
                    for key, value in rule.items():
                        setattr(item, key, value)
                item.save()
        for label in DEFAULT_VETOES:
            VetoItem.objects.create(scheme=scheme, name=label, grade=Grade.UNQUALIFIED)
        validate_scheme(scheme)
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=scheme,
            after=audit.snapshot(scheme),
            note="按默认方案生成",
        )
    return scheme


def _scheme_in_use(scheme: Scheme) -> None:
    if scheme.rounds.exclude(status=RoundStatus.DRAFT).exists():
        raise ServiceError(
            "该方案已用于进行中或已公布的考核，不能修改；如需调整请新建方案。"
        )


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
        before = (
            audit.snapshot(SchemeIndicator.objects.get(pk=item.pk)) if item.pk else None
        )
        item.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=item.scheme,
            before=before,
            after=audit.snapshot(item),
            note=note,
        )
    return item


def set_dimension_points(*, user, scheme: Scheme, points: dict[str, Decimal]) -> Scheme:
    """Change the five dimensions' points at once; they must sum to 100."""
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        _scheme_in_use(scheme)
        points = {**{d.code: d.points for d in scheme.dimensions.all()}, **points}
        total = sum(points.values(), Decimal(0))
        if total != HUNDRED:
            raise ServiceError(
                f"五个维度分值合计应为 100 分，当前为 {total.normalize():f} 分。",
                field="dimensions",
            )
        before = {d.code: str(d.points) for d in scheme.dimensions.all()}
        for dimension in scheme.dimensions.all():
            if dimension.code in points:
                dimension.points = points[dimension.code]
                dimension.save(update_fields=["points"])
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=scheme,
            before=before,
            after={k: str(v) for k, v in points.items()},
            note="调整维度分值",
        )
    return scheme
