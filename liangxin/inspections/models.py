"""Inspections of instructors' work (明查暗访), their rectification items, spot checks, plans.

暗访 (covert) inspections and inspectors' private notes are never visible to instructors,
organization contacts or unit liaisons: the querysets below leave them out for those roles, so
every page, export, count, search and API built on `visible_to` leaves them out too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from liangxin.core.crypto import EncryptedCharField
from liangxin.core.models import Role, TrackedModel
from liangxin.core.scoping import ScopedQuerySet
from liangxin.roster.models import InstructorWorkQuerySet


class Kind(models.TextChoices):
    FIELD = "field", "实地调研"
    PHONE = "phone", "电话调查"
    OPEN = "open", "明查"
    COVERT = "covert", "暗访"
    HANDBOOK = "handbook", "手册抽查"


class Rating(models.TextChoices):
    GOOD = "good", "好"
    FAIR = "fair", "较好"
    WEAK = "weak", "一般"
    POOR = "poor", "差"


#: roles that inspect and may see covert inspections and private notes
INSPECTORS = (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF, Role.AUDITOR)


class InspectionQuerySet(InstructorWorkQuerySet):
    def for_instructor(self, user):
        return super().for_instructor(user).exclude(kind=Kind.COVERT)

    def for_org_contact(self, user):
        return super().for_org_contact(user).exclude(kind=Kind.COVERT)

    def for_unit_liaison(self, user):
        return super().for_unit_liaison(user).exclude(kind=Kind.COVERT)


class Inspection(TrackedModel):
    """One inspection of an instructor's work at an organization, with rated findings."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    kind = models.CharField("方式", max_length=10, choices=Kind.choices)
    date = models.DateField("日期")
    inspectors = models.CharField("检查人员", max_length=200)
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    on_duty = models.CharField(
        "在岗情况", max_length=6, choices=Rating.choices, blank=True
    )
    contact_masses = models.CharField(
        "联系群众", max_length=6, choices=Rating.choices, blank=True
    )
    problem_solving = models.CharField(
        "解决问题", max_length=6, choices=Rating.choices, blank=True
    )
    handbook_records = models.CharField(
        "手册记录", max_length=6, choices=Rating.choices, blank=True
    )
    issues = models.TextField("发现问题", blank=True)
    result = models.TextField("检查结论", blank=True)
    follow_up = models.TextField("后续措施", blank=True)
    sample_seed = models.BigIntegerField("抽样种子", null=True, blank=True)
    sample = models.JSONField("抽查的手册记录", default=list, blank=True)
    finding_published_at = models.DateTimeField(
        "缺岗结论公布时间",
        null=True,
        blank=True,
        help_text="暗访发现的缺岗经县级公布后，才计入被检查人可见的考核数据。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "督查检查"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.instructor}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])


class PrivateNoteQuerySet(ScopedQuerySet):
    region_field = "inspection__region"

    def for_committee_staff(self, user):
        return self.filter(inspection__instructor__committee_id=user.committee_id)


class PrivateNote(models.Model):
    """An inspector's private note on an inspection (never shown to the inspected side)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name="检查",
        on_delete=models.CASCADE,
        related_name="private_notes",
    )
    text = models.TextField("内部备注")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = verbose_name_plural = "检查内部备注"

    def __str__(self):
        return self.text[:30]


class RectificationQuerySet(ScopedQuerySet):
    """Rectification items follow their inspection's visibility."""

    region_field = "inspection__region"

    def for_committee_staff(self, user):
        return self.filter(inspection__instructor__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(inspection__in=Inspection.objects.visible_to(user))

    for_org_contact = for_instructor
    for_unit_liaison = for_instructor

    def with_overdue(self):
        today = timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(Q(closed_on__isnull=True, due_on__lt=today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self):
        return self.filter(closed_on__isnull=True, due_on__lt=timezone.localdate())


class Rectification(models.Model):
    """A finding that needs correcting (整改): owner, due date, closure verified by an inspector."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name="检查",
        on_delete=models.CASCADE,
        related_name="rectifications",
    )
    description = models.TextField("整改事项")
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("整改期限")
    closed_on = models.DateField("整改完成日期", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification = models.TextField("验收意见", blank=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = verbose_name_plural = "整改事项"

    def __str__(self):
        return self.description[:30]

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.inspection_id])


class PlanQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(created_by__committee_id=user.committee_id)


class InspectionPlan(models.Model):
    """A seeded, stratified, weighted draw of instructors to inspect; re-running it from the
    stored seed and inputs gives the same list."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    name = models.CharField("名称", max_length=100)
    seed = models.BigIntegerField("随机种子")
    size = models.PositiveIntegerField("抽取人数")
    inputs = models.JSONField("抽取范围和权重", default=dict)
    result = models.JSONField("抽取结果", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("制定时间", default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "督查计划"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class VisitFrequency(models.TextChoices):
    WEEKLY = "weekly", "每周都来"
    MONTHLY = "monthly", "每月来几次"
    RARELY = "rarely", "很少来"
    NEVER = "never", "没来过"
    UNKNOWN = "unknown", "不清楚"


class PhoneCallQuerySet(ScopedQuerySet):
    """Call lists and answers of phone surveys: inspectors only, never the inspected side
    (instructors, organization contacts, unit liaisons get no method, hence nothing)."""

    region_field = "inspection__region"

    def for_committee_staff(self, user):
        return self.filter(inspection__instructor__committee_id=user.committee_id)


class PhoneCall(models.Model):
    """One contact on a phone survey's call list (drawn with the inspection's stored seed) and
    the answers recorded when called."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="calls"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="联系人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField("联系人姓名", max_length=50)
    phone = EncryptedCharField("联系电话", max_length=11, blank=True)
    reached = models.BooleanField("是否接通", null=True, blank=True)
    frequency = models.CharField(
        "指导员到企业（组织）情况",
        max_length=10,
        choices=VisitFrequency.choices,
        blank=True,
    )
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction.choices, blank=True
    )
    comment = models.TextField("意见建议", blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    called_at = models.DateTimeField("调查时间", null=True, blank=True)

    objects = PhoneCallQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = verbose_name_plural = "电话调查记录"

    def __str__(self):
        return self.name
