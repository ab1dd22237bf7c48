"""Allowances (补贴兑现): a policy per county and year, payout sheets per period, their lines."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from liangxin.assessment.models.scheme import Grade, RegionScopedQuerySet
from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet


class AllowancePolicy(TrackedModel):
    """The county's allowance figures for one year (all amounts in yuan, exact decimals)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度")
    monthly_amount = models.DecimalField(
        "每月补贴（元）", max_digits=9, decimal_places=2
    )
    short_month_deduction = models.DecimalField(
        "到岗不足月扣减（元/月）",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        help_text="经确认到岗天数低于每月最少天数的月份，每月扣减的金额。",
    )
    excellent_coefficient = models.DecimalField(
        "优秀系数", max_digits=4, decimal_places=2, default=Decimal("1.20")
    )
    competent_coefficient = models.DecimalField(
        "称职系数", max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    basic_coefficient = models.DecimalField(
        "基本称职系数", max_digits=4, decimal_places=2, default=Decimal("0.80")
    )
    unqualified_coefficient = models.DecimalField(
        "不称职系数", max_digits=4, decimal_places=2, default=Decimal("0")
    )
    excused_leave = models.TextField(
        "可免扣情形",
        blank=True,
        default="经批准的病假、产假、公差；由县委社会工作部认定。",
        help_text="经认定的月份在重新计算前由管理员在到岗记录中补录确认。",
    )

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "补贴标准"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="allowance_policy_once",
                violation_error_message="该区划本年度已有补贴标准。",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0),
                name="allowance_amount_non_negative",
                violation_error_message="补贴金额不能为负数。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年补贴标准（每月 {self.monthly_amount} 元）"

    def coefficient(self, grade: str | None) -> Decimal:
        return {
            Grade.EXCELLENT: self.excellent_coefficient,
            Grade.COMPETENT: self.competent_coefficient,
            Grade.BASIC: self.basic_coefficient,
            Grade.UNQUALIFIED: self.unqualified_coefficient,
        }.get(grade, Decimal("1"))


class PayoutStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CHECKED = "checked", "已核对"
    APPROVED = "approved", "已审批"
    PAID = "paid", "已发放"


PAYOUT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PayoutStatus.DRAFT: (PayoutStatus.CHECKED,),
    # a re-computation before payment sends a checked or approved sheet back to draft
    PayoutStatus.CHECKED: (PayoutStatus.APPROVED, PayoutStatus.DRAFT),
    PayoutStatus.APPROVED: (PayoutStatus.PAID, PayoutStatus.DRAFT),
    PayoutStatus.PAID: (),
}


class PayoutSheet(TrackedModel):
    """The allowance of every instructor of a county for one period; paid once."""

    TRANSITIONS = PAYOUT_TRANSITIONS
    WORKFLOW_NOUN = "发放表"

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    policy = models.ForeignKey(
        AllowancePolicy,
        verbose_name="补贴标准",
        on_delete=models.PROTECT,
        related_name="sheets",
    )
    round = models.ForeignKey(
        "assessment.Round",
        verbose_name="考核等次依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("名称", max_length=100)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    status = models.CharField(
        "状态", max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.DRAFT
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核对人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()  # county admins and auditors only

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = verbose_name_plural = "补贴发放表"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period_start", "period_end"],
                name="payout_once_per_period",
                violation_error_message="该期间已有补贴发放表，同一期间只能发放一次。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessment:payout_detail", args=[self.pk])


class AdjustmentBatch(TrackedModel):
    """The adjustment lines of a paid sheet (re-computed after payment), checked, approved and
    paid like a sheet — a second approval, never a silent second payment."""

    TRANSITIONS = PAYOUT_TRANSITIONS
    WORKFLOW_NOUN = "调整批次"

    sheet = models.ForeignKey(
        PayoutSheet,
        verbose_name="发放表",
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    status = models.CharField(
        "状态", max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="计算人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核对人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)

    class Meta:
        ordering = ["sheet", "id"]
        verbose_name = verbose_name_plural = "补贴调整批次"
        constraints = [
            models.UniqueConstraint(
                fields=["sheet"],
                condition=~models.Q(status="paid"),
                name="one_open_adjustment_batch_per_sheet",
                violation_error_message="该发放表已有待发放的调整批次。",
            ),
        ]

    def __str__(self):
        return f"{self.sheet} 调整批次 {self.pk}"


class PayoutLine(models.Model):
    """One instructor's amount on a sheet; after payment, changes come as adjustment lines."""

    sheet = models.ForeignKey(
        PayoutSheet,
        verbose_name="发放表",
        on_delete=models.CASCADE,
        related_name="lines",
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    months = models.PositiveSmallIntegerField("月数")
    short_months = models.PositiveSmallIntegerField("到岗不足月数", default=0)
    base = models.DecimalField("应发基数（元）", max_digits=10, decimal_places=2)
    deduction = models.DecimalField("扣减（元）", max_digits=10, decimal_places=2)
    grade = models.CharField(
        "考核等次", max_length=12, choices=Grade.choices, blank=True
    )
    coefficient = models.DecimalField("系数", max_digits=4, decimal_places=2)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    is_adjustment = models.BooleanField("调整行", default=False)
    batch = models.ForeignKey(
        AdjustmentBatch,
        verbose_name="调整批次",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lines",
    )
    paid = models.BooleanField("已发放", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["sheet", "is_adjustment", "instructor__name", "id"]
        verbose_name = verbose_name_plural = "补贴发放明细"

    def __str__(self):
        return f"{self.instructor_id}: {self.amount}"


PayoutSheetTransition = history_model(
    PayoutSheet,
    name="PayoutSheetTransition",
    field="sheet",
    parent_label="发放表",
    verbose_name="发放表流转记录",
    doc="One move of a payout sheet: from → to, by whom, when.",
)


AdjustmentBatchTransition = history_model(
    AdjustmentBatch,
    name="AdjustmentBatchTransition",
    field="batch",
    parent_label="调整批次",
    verbose_name="调整批次流转记录",
    doc="One move of an adjustment batch: from → to, by whom, when.",
)
