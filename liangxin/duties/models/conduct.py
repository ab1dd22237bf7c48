"""Leave for missing days (请假) and the code of conduct (行为规范)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    LATE = "late", "待补批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    WITHDRAWN = "withdrawn", "已撤回"


LEAVE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    LeaveStatus.PENDING: (
        LeaveStatus.APPROVED,
        LeaveStatus.REJECTED,
        LeaveStatus.WITHDRAWN,
    ),
    # a leave asked after days it covers: the same decisions, recorded as a 补批
    LeaveStatus.LATE: (
        LeaveStatus.APPROVED,
        LeaveStatus.REJECTED,
        LeaveStatus.WITHDRAWN,
    ),
    LeaveStatus.APPROVED: (),
    LeaveStatus.REJECTED: (),
    LeaveStatus.WITHDRAWN: (),
}


class LeaveQuerySet(ScopedQuerySet):
    """The instructor, the dispatching unit (which approves), the managing committee."""

    def for_committee_staff(self, user):
        return self.filter(instructor__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(instructor__user=user)

    def for_unit_liaison(self, user):
        return self.filter(instructor__unit_id=user.unit_id)

    def approved(self):
        return self.filter(status=LeaveStatus.APPROVED)


class LeaveRequest(TrackedModel):
    """Leave from the monthly minimum of days on site, approved by the dispatching unit."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="leave_requests",
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    days = models.PositiveSmallIntegerField("请假天数（工作日）")
    reason = models.CharField("请假事由", max_length=500)
    late = models.BooleanField(
        "补批", default=False, help_text="申请时请假日期已开始或已过，须经补批。"
    )
    late_reason = models.CharField("补批理由", max_length=500, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    objects = LeaveQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = verbose_name_plural = "请假"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="leave_period_ordered",
                violation_error_message="结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} {self.start:%Y-%m-%d}起请假{self.days}天"

    def get_absolute_url(self):
        return reverse("duties:leave_detail", args=[self.pk])

    TRANSITIONS = LEAVE_TRANSITIONS


LeaveTransition = history_model(
    LeaveRequest,
    name="LeaveTransition",
    field="leave",
    parent_label="请假",
    verbose_name="请假办理记录",
)


# --- code of conduct (行为规范) ----------------------------------------------------------------


class AcknowledgementQuerySet(ScopedQuerySet):
    """Same readers as the regular reports (committee, instructor, unit), no draft hiding."""

    def for_committee_staff(self, user):
        return self.filter(instructor__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(instructor__user=user)

    def for_unit_liaison(self, user):
        return self.filter(instructor__unit_id=user.unit_id)


class ConductAcknowledgement(models.Model):
    """An instructor's yearly acknowledgement of the code of conduct."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    year = models.PositiveSmallIntegerField("年度")
    acknowledged_at = models.DateTimeField("确认时间", default=timezone.now)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "instructor__name"]
        verbose_name = verbose_name_plural = "行为规范确认"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "year"],
                name="acknowledge_once_a_year",
                violation_error_message="本年度已确认行为规范。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} {self.year}年确认行为规范"
