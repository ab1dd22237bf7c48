"""Year-end duty reports and evaluation (年终述职评议)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet
from liangxin.duties.models.reports import RegularReportQuerySet


class DutyReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"


DUTY_REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    DutyReportStatus.DRAFT: (DutyReportStatus.SUBMITTED,),
    DutyReportStatus.SUBMITTED: (DutyReportStatus.RETURNED,),
    DutyReportStatus.RETURNED: (DutyReportStatus.SUBMITTED,),
}


class DutyReportQuerySet(RegularReportQuerySet):
    """Same readers as the regular reports: the managing committee, the instructor, the unit."""


class DutyReport(TrackedModel):
    """An instructor's year-end duty report (年终述职报告)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    content = models.TextField("述职内容", max_length=20000)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=DutyReportStatus.choices,
        default=DutyReportStatus.DRAFT,
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    comment = models.TextField("退回意见", max_length=2000, blank=True)

    objects = DutyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "instructor__name", "id"]
        verbose_name = verbose_name_plural = "年终述职报告"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "year"],
                name="duty_report_one_per_year",
                violation_error_message="该年度的述职报告已存在，请直接编辑。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} {self.year}年述职报告"

    def get_absolute_url(self):
        return reverse("duties:duty_report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (DutyReportStatus.DRAFT, DutyReportStatus.RETURNED)

    TRANSITIONS = DUTY_REPORT_TRANSITIONS


DutyReportTransition = history_model(
    DutyReport,
    name="DutyReportTransition",
    field="report",
    parent_label="述职报告",
    verbose_name="述职报告办理记录",
)


class RoundStatus(models.TextChoices):
    OPEN = "open", "评议中"
    CLOSED = "closed", "已结束"


ROUND_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RoundStatus.OPEN: (RoundStatus.CLOSED,),
    RoundStatus.CLOSED: (RoundStatus.OPEN,),
}


class EvaluationRoundQuerySet(ScopedQuerySet):
    """Every role of the region sees that a round exists; what it shows depends on the role."""

    def _own_region(self, user):
        return self.filter(region_id=user.region_id) if user.region_id else self.none()

    for_committee_staff = for_instructor = for_org_contact = for_unit_liaison = (
        _own_region
    )


class EvaluationRound(TrackedModel):
    """The county's year-end evaluation (述职评议) of a region's instructors for one year."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    status = models.CharField(
        "状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EvaluationRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "region_id"]
        verbose_name = verbose_name_plural = "年终述职评议"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="evaluation_one_per_year",
                violation_error_message="该区划本年度已发起述职评议。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("duties:review_detail", args=[self.pk])

    TRANSITIONS = ROUND_TRANSITIONS


RoundTransition = history_model(
    EvaluationRound,
    name="RoundTransition",
    field="round",
    parent_label="评议",
    verbose_name="评议办理记录",
)


class Grade(models.TextChoices):
    GOOD = "good", "好"
    FAIR = "fair", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


#: the fixed scale's points; an instructor's score is the average over all ratings
GRADE_POINTS = {Grade.GOOD: 100, Grade.FAIR: 85, Grade.AVERAGE: 70, Grade.POOR: 50}


class RatingQuerySet(ScopedQuerySet):
    """Ratings are anonymous: an evaluator sees only their own, the instructor none; only the
    county (admin, auditor) sees who rated whom."""

    def _own(self, user):
        return self.filter(evaluator=user)

    for_committee_staff = for_org_contact = for_unit_liaison = _own

    def for_instructor(self, user):
        return self.none()


class Rating(models.Model):
    """One evaluator's grade of one instructor in a round."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    round = models.ForeignKey(
        EvaluationRound,
        verbose_name="评议",
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评议人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField("评议等次", max_length=10, choices=Grade.choices)
    comment = models.CharField("评议意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评议时间", default=timezone.now)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["round", "instructor", "grade", "comment"]
        verbose_name = verbose_name_plural = "评议评分"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instructor", "evaluator"],
                name="rating_one_per_evaluator",
                violation_error_message="您已评议过该指导员。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor}：{self.get_grade_display()}"
