"""Regular reports (定期汇报)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet
from liangxin.duties.models.base import DraftHidingMixin


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审阅"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已通过"


REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportStatus.DRAFT: (ReportStatus.SUBMITTED,),
    ReportStatus.SUBMITTED: (ReportStatus.RETURNED, ReportStatus.ACCEPTED),
    ReportStatus.RETURNED: (ReportStatus.SUBMITTED,),
    ReportStatus.ACCEPTED: (),
}


class RegularReportQuerySet(DraftHidingMixin, ScopedQuerySet):
    """A report goes to the instructor's managing committee (not to an organization)."""

    def for_committee_staff(self, user):
        return self.filter(instructor__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(instructor__user=user)

    def for_unit_liaison(self, user):
        return self.filter(instructor__unit_id=user.unit_id)

    def handed_in(self):
        return self.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])


class RegularReport(TrackedModel):
    """An instructor's regular report (定期汇报) for one period of the Policy's cadence."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="regular_reports",
    )
    period_start = models.DateField("汇报期开始")
    period_end = models.DateField("汇报期结束")
    period_label = models.CharField("汇报期", max_length=30)
    due_on = models.DateField("报送期限")
    summary = models.TextField("汇报内容", max_length=10000)
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    comment = models.TextField("审阅意见", max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审阅人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)

    objects = RegularReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "instructor__name", "id"]
        verbose_name = verbose_name_plural = "定期汇报"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "period_start"],
                name="report_one_per_period",
                violation_error_message="该汇报期的汇报已存在，请直接编辑。",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
                violation_error_message="汇报期结束不能早于开始。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} {self.period_label}汇报"

    def get_absolute_url(self):
        return reverse("duties:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_late(self) -> bool:
        """Handed in after the due date, or still not handed in after it."""
        if self.submitted_at is not None and self.status != ReportStatus.RETURNED:
            return timezone.localdate(self.submitted_at) > self.due_on
        return timezone.localdate() > self.due_on

    TRANSITIONS = REPORT_TRANSITIONS


ReportTransition = history_model(
    RegularReport,
    name="ReportTransition",
    field="report",
    parent_label="汇报",
    verbose_name="汇报办理记录",
    doc="One move of a report: from → to, by whom, when, the comment.",
    constraints=[
        models.CheckConstraint(
            condition=~Q(from_status=models.F("to_status")),
            name="report_transition_changes_status",
            violation_error_message="办理记录的新旧状态不能相同。",
        ),
    ],
)
