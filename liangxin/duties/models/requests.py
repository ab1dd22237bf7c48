"""Important-matter requests (请示在前、实施在后)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core import workflow
from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.services import ServiceError
from liangxin.core.uploads import random_name
from liangxin.duties.models.base import DraftHidingMixin
from liangxin.roster.models import InstructorWorkQuerySet


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待批复"
    REPLIED = "replied", "已批复"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class Decision(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    OTHER = "other", "其他意见"


#: 草稿 → 待批复 → 已批复 / 已退回（修改后可再提交）；未批复前可撤回
REQUEST_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RequestStatus.DRAFT: (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN),
    RequestStatus.SUBMITTED: (
        RequestStatus.REPLIED,
        RequestStatus.RETURNED,
        RequestStatus.WITHDRAWN,
    ),
    RequestStatus.RETURNED: (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN),
    RequestStatus.REPLIED: (),
    RequestStatus.WITHDRAWN: (),
}


class MatterRequestQuerySet(DraftHidingMixin, InstructorWorkQuerySet):
    def for_org_contact(self, user):
        return self.none()  # a request is between the instructor and the committee

    def awaiting_reply(self):
        return self.filter(status=RequestStatus.SUBMITTED)

    def overdue(self, today: datetime.date | None = None):
        return self.awaiting_reply().filter(reply_due__lt=today or timezone.localdate())


class MatterRequest(TrackedModel):
    """An important-matter request (重要事项请示) of an instructor, replied by the committee."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="matter_requests",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="matter_requests",
    )
    subject = models.CharField("请示事项", max_length=100)
    content = models.TextField("请示内容", max_length=5000)
    urgency = models.CharField(
        "紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    planned_on = models.DateField(
        "事项拟实施日期",
        null=True,
        blank=True,
        help_text="请示在前、实施在后：在该日期当天或之后提交的，记为事后补报。",
    )
    after_the_fact = models.BooleanField(
        "事后补报",
        default=False,
        help_text="提交时事项拟实施日期已到或已过。",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.DRAFT,
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reply_due = models.DateField("批复期限", null=True, blank=True)
    reply_due_provisional = models.BooleanField(
        "期限暂算", default=False, help_text="该年节假日安排未公布，按周一至周五暂算"
    )
    decision = models.CharField(
        "批复意见", max_length=10, choices=Decision.choices, blank=True
    )
    reply = models.TextField("批复内容", max_length=3000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField("批复时间", null=True, blank=True)
    escalated_at = models.DateTimeField("逾期上报时间", null=True, blank=True)

    objects = MatterRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "重要事项请示"
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=""),
                name="matter_request_subject_not_blank",
                violation_error_message="请填写请示事项。",
            ),
            models.CheckConstraint(
                condition=~Q(status="replied") | ~Q(decision=""),
                name="matter_request_replied_has_decision",
                violation_error_message="批复须选择批复意见。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor}：{self.subject}"

    def get_absolute_url(self):
        return reverse("duties:request_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == RequestStatus.SUBMITTED
            and self.reply_due is not None
            and self.reply_due < timezone.localdate()
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (RequestStatus.DRAFT, RequestStatus.RETURNED)

    TRANSITIONS = REQUEST_TRANSITIONS

    def reply_with(self, *, decision: str, text: str, by) -> "MatterRequestTransition":
        if self.status != RequestStatus.SUBMITTED:
            raise ServiceError(f"请示当前为“{self.get_status_display()}”，不能批复。")
        if decision not in Decision.values:
            raise ServiceError(
                "请选择批复意见（同意、不同意或其他意见）。", field="decision"
            )
        text = (text or "").strip()
        if decision != Decision.AGREE and not text:
            raise ServiceError("不同意或有其他意见时，请填写批复内容。", field="reply")
        return workflow.transition(
            self,
            RequestStatus.REPLIED,
            user=by,
            note=Decision(decision).label,
            audit_note=f"批复请示：{Decision(decision).label}",
            changes={
                "decision": decision,
                "reply": text,
                "replied_by": by,
                "replied_at": timezone.now(),
            },
        )


MatterRequestTransition = history_model(
    MatterRequest,
    name="MatterRequestTransition",
    field="request",
    parent_label="请示",
    verbose_name="请示办理记录",
    doc="One move of a request: from → to, by whom, when, why.",
    constraints=[
        models.CheckConstraint(
            condition=~Q(from_status=models.F("to_status")),
            name="matter_transition_changes_status",
            violation_error_message="办理记录的新旧状态不能相同。",
        ),
    ],
)


def attachment_path(instance, filename: str) -> str:
    """A random name: attachments are served only through the permission-checked view."""
    return random_name("matter-requests", filename)


class MatterAttachment(models.Model):
    """A file attached to a request (scans, drafts of the matter)."""

    request = models.ForeignKey(
        MatterRequest,
        verbose_name="请示",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField("附件", upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = verbose_name_plural = "请示附件"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("duties:attachment", args=[self.pk])
