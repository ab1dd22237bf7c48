"""Assessment schemes as data: dimensions, indicators with scoring rules, vetoes, grades."""

from decimal import Decimal

from django.db import models
from django.urls import reverse

from liangxin.assessment.scoring import Rule, RuleKind, describe
from liangxin.core.models import Role, TrackedModel
from liangxin.core.scoping import ScopedQuerySet


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    UNQUALIFIED = "unqualified", "不称职"


class DimensionCode(models.TextChoices):
    DE = "de", "德"
    NENG = "neng", "能"
    QIN = "qin", "勤"
    JI = "ji", "绩"
    LIAN = "lian", "廉"


#: default tie-break order at the 优秀 quota line after the total: 绩, then 勤, 能, 德, 廉
TIE_BREAK_ORDER = (
    DimensionCode.JI,
    DimensionCode.QIN,
    DimensionCode.NENG,
    DimensionCode.DE,
    DimensionCode.LIAN,
)

#: vetoes rank by severity: the most severe grade found wins
GRADE_SEVERITY = {
    "excellent": 0,
    "competent": 1,
    "basic": 2,
    "unqualified": 3,
}


def default_tie_break_order() -> list[str]:
    return [str(code) for code in TIE_BREAK_ORDER]


class RegionScopedQuerySet(ScopedQuerySet):
    """County-level configuration: everyone working in the county may read it."""

    def _same_region(self, user):
        return self.filter(region_id=user.region_id) if user.region_id else self.none()

    for_committee_staff = _same_region
    for_instructor = _same_region
    for_unit_liaison = _same_region


class SchemePartQuerySet(models.QuerySet):
    """Rows of a scheme are visible with their scheme."""

    def visible_to(self, user):
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class Scheme(TrackedModel):
    """A county's 100-point assessment scheme for one year."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("方案名称", max_length=100)
    excellent_quota = models.DecimalField(
        "优秀比例上限",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.20"),
        help_text="如 0.20 表示不超过 20%。",
    )
    excellent_min = models.DecimalField(
        "优秀最低分", max_digits=5, decimal_places=2, default=Decimal("90")
    )
    competent_min = models.DecimalField(
        "称职最低分", max_digits=5, decimal_places=2, default=Decimal("75")
    )
    basic_min = models.DecimalField(
        "基本称职最低分", max_digits=5, decimal_places=2, default=Decimal("60")
    )
    tie_break_order = models.JSONField(
        "同分比较顺序",
        default=default_tie_break_order,
        help_text="总分相同时依次比较的维度小计，如 绩、勤、能、德、廉。",
    )
    note = models.TextField("说明", blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = verbose_name_plural = "考核方案"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "name"],
                name="scheme_unique_name_per_year",
                violation_error_message="该区划本年度已有同名考核方案。",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    excellent_min__gt=models.F("competent_min"),
                    competent_min__gt=models.F("basic_min"),
                ),
                name="scheme_thresholds_descending",
                violation_error_message="等次分数线应为：优秀 > 称职 > 基本称职。",
            ),
            models.CheckConstraint(
                condition=models.Q(excellent_quota__gte=0, excellent_quota__lte=1),
                name="scheme_quota_fraction",
                violation_error_message="优秀比例应在 0 到 1 之间。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self):
        return reverse("assessment:scheme_detail", args=[self.pk])

    @property
    def tie_break_codes(self) -> list[str]:
        """The scheme's tie-break order, falling back to the default for a bad value."""
        order = [c for c in (self.tie_break_order or []) if c in DimensionCode.values]
        return order or default_tie_break_order()

    @property
    def tie_break_labels(self) -> str:
        labels = dict(DimensionCode.choices)
        return "、".join(labels[c] for c in self.tie_break_codes)

    def grade_for(self, total: Decimal) -> str:
        if total >= self.excellent_min:
            return Grade.EXCELLENT
        if total >= self.competent_min:
            return Grade.COMPETENT
        if total >= self.basic_min:
            return Grade.BASIC
        return Grade.UNQUALIFIED


class Dimension(models.Model):
    """One of 德 能 勤 绩 廉 with its share of the 100 points."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name="考核方案",
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.CharField("维度", max_length=4, choices=DimensionCode.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    description = models.CharField("考核内容", max_length=200, blank=True)

    class Meta:
        ordering = ["scheme", "id"]
        verbose_name = verbose_name_plural = "考核维度"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="dimension_once_per_scheme",
                violation_error_message="同一方案中每个维度只能设置一次。",
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0),
                name="dimension_points_non_negative",
                violation_error_message="维度分值不能为负数。",
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()}（{self.points}分）"


class IndicatorKind(models.TextChoices):
    MANUAL = "manual", "人工评分"
    COMPUTED = "computed", "系统计算"


class SchemeIndicator(models.Model):
    """A scored item under a dimension: rated by people or computed from a registered metric."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name="考核方案",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    dimension = models.ForeignKey(
        Dimension,
        verbose_name="维度",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField("指标名称", max_length=100)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=2)
    kind = models.CharField("评分方式", max_length=10, choices=IndicatorKind.choices)
    rater_roles = models.JSONField(
        "评分角色", default=list, blank=True, help_text="人工评分指标：可评分的角色。"
    )
    indicator_name = models.CharField(
        "数据指标",
        max_length=100,
        blank=True,
        help_text="系统计算指标：登记的数据指标名称。",
    )
    rule_kind = models.CharField(
        "计分规则",
        max_length=12,
        blank=True,
        choices=[
            (RuleKind.LINEAR, "按目标值比例"),
            (RuleKind.THRESHOLDS, "分档"),
            (RuleKind.DEDUCTION, "按次扣分"),
        ],
    )
    target = models.DecimalField(
        "目标值", max_digits=9, decimal_places=2, null=True, blank=True
    )
    thresholds = models.JSONField(
        "分档",
        default=list,
        blank=True,
        help_text="如 [[5, 2], [10, 4]]：达到 5 得 2 分，达到 10 得 4 分。",
    )
    per_occurrence = models.DecimalField(
        "每次扣分", max_digits=5, decimal_places=2, null=True, blank=True
    )
    floor = models.DecimalField(
        "最低分", max_digits=5, decimal_places=2, default=Decimal("0")
    )
    cap = models.DecimalField(
        "封顶分", max_digits=5, decimal_places=2, null=True, blank=True
    )
    description = models.CharField("评分说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SchemePartQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "dimension_id", "order", "id"]
        verbose_name = verbose_name_plural = "考核指标"
        constraints = [
            # a pure deduction item (e.g. 明查暗访 −1 per absence) has 0 points to earn and
            # a negative floor: it only takes points off its dimension
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0)
                | models.Q(max_points=0, rule_kind="deduction", floor__lt=0),
                name="scheme_indicator_max_positive",
                violation_error_message="指标满分应大于 0（纯扣分项除外：满分 0、按次扣分、"
                "最低分为负数）。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.max_points}分）"

    @property
    def is_computed(self) -> bool:
        return self.kind == IndicatorKind.COMPUTED

    def rule(self, higher_is_better: bool = True) -> Rule:
        return Rule(
            kind=self.rule_kind,
            max_points=self.max_points,
            target=self.target,
            thresholds=tuple(
                (Decimal(str(v)), Decimal(str(p))) for v, p in (self.thresholds or [])
            ),
            per_occurrence=self.per_occurrence,
            floor=self.floor,
            cap=self.cap,
            higher_is_better=higher_is_better,
        )

    def computed_text(self) -> str:
        """A computed item as people read it: the indicator's Chinese name and the rule in a
        sentence (scoring.describe), never the indicator's key or the raw thresholds."""
        from liangxin.core import indicators

        try:
            found = indicators.get(self.indicator_name)
        except indicators.UnknownIndicator:
            return f"{self.indicator_name}（未登记的数据指标）"
        rule = describe(self.rule(found.higher_is_better), found.unit)
        return f"{found.label}；{rule}"

    def rater_labels(self) -> str:
        labels = dict(Role.choices)
        return "、".join(labels.get(r, r) for r in self.rater_roles)


class VetoItem(models.Model):
    """A fact that overrides the points (一票否决), e.g. a substantiated integrity violation."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="vetoes"
    )
    name = models.CharField("否决事项", max_length=200)
    grade = models.CharField(
        "认定等次", max_length=12, choices=Grade.choices, default=Grade.UNQUALIFIED
    )

    objects = SchemePartQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "id"]
        verbose_name = verbose_name_plural = "一票否决事项"

    def __str__(self):
        return self.name
