import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.uploads import random_name
from liangxin.core.workcalendar import month_bounds
from liangxin.roster.models import InstructorWorkQuerySet


class Activity(models.TextChoices):
    RESEARCH = "research", "调研"
    GUIDANCE = "guidance", "指导党建"
    ORG_LIFE = "org_life", "参加组织生活"
    HELP = "help", "帮扶解决问题"
    POLICY = "policy", "宣讲政策"
    OTHER = "other", "其他"


class RecordedVia(models.TextChoices):
    ON_SITE = "on_site", "现场签到"
    LATE_ENTRY = "late_entry", "事后补录"
    CORRECTED = "corrected", "更正"


class VisitStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DISPUTED = "disputed", "有异议"
    REJECTED = "rejected", "已驳回"
    AWAITING_APPROVAL = "awaiting_approval", "待审批补录"


def validate_activities(value):
    if not isinstance(value, list) or not value:
        raise ValidationError("请至少选择一项工作内容。")
    unknown = [v for v in value if v not in Activity.values]
    if unknown:
        raise ValidationError(f"未知的工作内容：{'、'.join(map(str, unknown))}。")
    if len(set(value)) != len(value):
        raise ValidationError("工作内容有重复。")


def visit_photo_path(instance, filename: str) -> str:
    """A random name: photos are evidence about people and must not be guessable; they are
    served only through the permission-checked photo view, never from a public URL."""
    return random_name("visit-photos", filename)


class VisitQuerySet(InstructorWorkQuerySet):
    def confirmed(self):
        return self.filter(status=VisitStatus.CONFIRMED)

    def in_month(self, year: int, month: int):
        return self.filter(date__range=month_bounds(year, month))

    def pending(self):
        return self.filter(status=VisitStatus.PENDING)

    def unconfirmed_past(self, confirm_within_days: int):
        """Visits waiting for the contact longer than `confirm_within_days` days since the
        instructor recorded them: the one definition of 久未确认 (worklist, review, homes)."""
        stale = timezone.now() - datetime.timedelta(days=confirm_within_days)
        return self.filter(status=VisitStatus.PENDING, recorded_at__lt=stale)

    def for_committee_review(self, confirm_within_days: int):
        """What a committee decides: late entries awaiting approval, disputed visits and
        visits still unconfirmed after `confirm_within_days` days."""
        stale = timezone.now() - datetime.timedelta(days=confirm_within_days)
        return self.filter(
            Q(status__in=[VisitStatus.AWAITING_APPROVAL, VisitStatus.DISPUTED])
            | Q(status=VisitStatus.PENDING, recorded_at__lt=stale)
        )


VISIT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    # the contact confirms or disputes; after the deadline the committee decides
    VisitStatus.PENDING: (
        VisitStatus.CONFIRMED,
        VisitStatus.DISPUTED,
        VisitStatus.REJECTED,
    ),
    VisitStatus.DISPUTED: (VisitStatus.CONFIRMED, VisitStatus.REJECTED),
    # a late entry beyond the window waits for the committee's approval
    VisitStatus.AWAITING_APPROVAL: (VisitStatus.PENDING, VisitStatus.REJECTED),
    VisitStatus.CONFIRMED: (),
    VisitStatus.REJECTED: (),
}


class Visit(TrackedModel):
    """A day's work of an instructor at an assigned organization (到组织工作/驻点记录)."""

    TRANSITIONS = VISIT_TRANSITIONS
    WORKFLOW_NOUN = "该到岗记录"
    replayed = False  # set by record_visit when the idempotency key was seen before

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    assignment = models.ForeignKey(
        "roster.Assignment",
        verbose_name="派驻记录",
        on_delete=models.PROTECT,
        related_name="visits",
    )
    date = models.DateField("到岗日期")
    activities = models.JSONField(
        "工作内容", default=list, validators=[validate_activities]
    )
    summary = models.TextField("工作情况", max_length=2000, blank=True)
    recorded_via = models.CharField(
        "记录方式",
        max_length=12,
        choices=RecordedVia.choices,
        default=RecordedVia.ON_SITE,
    )
    recorded_at = models.DateTimeField(
        "签到时间",
        help_text="服务器收到的时间；离线暂存的签到在暂存期限内以手机时间为准。",
    )
    received_at = models.DateTimeField(
        "服务器接收时间", default=timezone.now, editable=False
    )
    device_time = models.DateTimeField(
        "手机上的签到时间",
        null=True,
        blank=True,
        editable=False,
        help_text="手机上报的时间，仅供参考；只在离线暂存期限内采信。",
    )
    device = models.CharField("设备", max_length=200, blank=True)
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accuracy = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    distance_m = models.PositiveIntegerField("距组织（米）", null=True, blank=True)
    needs_review = models.BooleanField(
        "需核查", default=False, help_text="签到位置超出组织签到范围"
    )
    photo = models.FileField(
        "现场照片", upload_to=visit_photo_path, max_length=200, blank=True
    )
    idempotency_key = models.CharField(
        "提交编号", max_length=64, unique=True, null=True, blank=True
    )
    status = models.CharField(
        "确认状态",
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.PENDING,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    dispute_reason = models.CharField("异议理由", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人（行业党委）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_reason = models.CharField("审核意见", max_length=500, blank=True)

    objects = VisitQuerySet.as_manager()

    #: the choices behind JSON lists, for readable history (core.history)
    LIST_CHOICES = {"activities": Activity.choices}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "到岗记录"
        indexes = [
            models.Index(fields=["instructor", "date"], name="visit_instructor_date"),
            # the list's default order: newest first, LIMIT 20 without sorting every visit
            models.Index(fields=["-date", "-id"], name="visit_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "organization", "date"],
                name="visit_once_per_org_day",
                violation_error_message="同一指导员同一天在同一组织只能记录一次到岗。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} {self.date:%Y-%m-%d} {self.organization}"

    def get_absolute_url(self):
        return reverse("fieldwork:visit_detail", args=[self.pk])

    @property
    def activity_labels(self) -> list[str]:
        labels = dict(Activity.choices)
        return [labels.get(a, a) for a in self.activities or []]


class MonthClose(models.Model):
    """A closed month of a region: no visit, approval or decision may change it any more; the
    monthly figures as they stood at the close are kept."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField(
        "月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    closed_at = models.DateTimeField("结账时间", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结账人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="定时任务结账时为空",
    )
    results = models.JSONField(
        "结账结果", default=list, help_text="结账时每位指导员的到岗天数、最少天数与差额"
    )

    class Meta:
        ordering = ["-year", "-month", "region"]
        verbose_name = verbose_name_plural = "月度结账"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "month"],
                name="month_close_once",
                violation_error_message="该区划该月已结账。",
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}年{self.month}月结账"


VisitTransition = history_model(
    Visit,
    name="VisitTransition",
    field="visit",
    parent_label="到岗记录",
    verbose_name="到岗记录流转记录",
    max_length=20,
    doc="One move of a visit: confirmed, disputed, approved or rejected, by whom, when, why.",
)
