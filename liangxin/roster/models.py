from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from liangxin.core.crypto import EncryptedCharField
from liangxin.core.models import TrackedModel
from liangxin.core.pinyin import normalize_query, search_key
from liangxin.core.scoping import ScopedQuerySet
from liangxin.core.validators import validate_mobile


class DispatchingUnitQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        # A committee picks from all units of its county when it records an instructor.
        return self.filter(region_id=user.region_id) if user.region_id else self.none()

    def for_unit_liaison(self, user):
        return self.filter(pk=user.unit_id)

    def for_instructor(self, user):
        return self.filter(instructors__user=user)


class DispatchingUnit(TrackedModel):
    """A county unit (派出单位) that sends its cadres as instructors."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    name = models.CharField("单位名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = EncryptedCharField(
        "联系电话", max_length=11, blank=True, validators=[validate_mobile]
    )

    objects = DispatchingUnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "派出单位"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="unit_unique_name_in_region",
                violation_error_message="该区划已有同名派出单位。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roster:unit_detail", args=[self.pk])


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class InstructorSource(models.TextChoices):
    RETIRED_LEADER = "retired_leader", "退出领导岗位干部"
    YOUNG_CADRE = "young_cadre", "在职年轻干部"
    FULL_TIME = "full_time_hire", "专职招聘人员"


class InstructorStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    SUSPENDED = "suspended", "暂停"
    LEFT = "left", "已离任"


class InstructorQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(user=user)

    def for_org_contact(self, user):
        return self.filter(
            assignments__organization_id=user.organization_id,
            assignments__ended_on__isnull=True,
        ).distinct()

    def for_unit_liaison(self, user):
        return self.filter(unit_id=user.unit_id)

    def active(self):
        return self.filter(status=InstructorStatus.ACTIVE)

    def search(self, q: str):
        q = normalize_query(q)
        return self.filter(search_text__contains=q) if q else self


class Instructor(TrackedModel):
    """A party-building instructor (党建工作指导员)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    committee = models.ForeignKey(
        "orgs.PartyCommittee",
        verbose_name="管理党委",
        on_delete=models.PROTECT,
        related_name="instructors",
    )
    unit = models.ForeignKey(
        DispatchingUnit,
        verbose_name="派出单位",
        on_delete=models.PROTECT,
        related_name="instructors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructor_profile",
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=6, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = EncryptedCharField(
        "手机号", max_length=11, blank=True, validators=[validate_mobile]
    )
    party_since = models.DateField("入党时间", null=True, blank=True)
    source = models.CharField("来源", max_length=16, choices=InstructorSource.choices)
    post = models.CharField("职务", max_length=100, blank=True)
    is_full_time = models.BooleanField("专职", default=False)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=InstructorStatus.choices,
        default=InstructorStatus.ACTIVE,
    )
    appointed_on = models.DateField("选派日期", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = InstructorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "党建工作指导员"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roster:instructor_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = search_key(self.name)


class InstructorWorkQuerySet(ScopedQuerySet):
    """Scoping for records of an instructor's work at an organization (assignments, visits, …):
    the organization's committee, the instructor, the organization's contact, the cadre's unit."""

    def for_committee_staff(self, user):
        return self.filter(organization__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(instructor__user=user)

    def for_org_contact(self, user):
        return self.filter(organization_id=user.organization_id)

    def for_unit_liaison(self, user):
        return self.filter(instructor__unit_id=user.unit_id)

    def search(self, q: str):
        """By the instructor's or the organization's name, pinyin or initials."""
        q = normalize_query(q)
        if not q:
            return self
        return self.filter(
            Q(instructor__search_text__contains=q)
            | Q(organization__search_text__contains=q)
        )


class AssignmentQuerySet(InstructorWorkQuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Assignment(TrackedModel):
    """An instructor posted to an organization for a period; ended ones are kept as history."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    committee = models.ForeignKey(
        "orgs.PartyCommittee",
        verbose_name="派驻党委",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    instructor = models.ForeignKey(
        Instructor,
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    started_on = models.DateField("派驻开始")
    ended_on = models.DateField("派驻结束", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = verbose_name_plural = "派驻记录"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(ended_on__isnull=True),
                name="assignment_one_active_per_organization",
                violation_error_message="该组织已有在岗指导员，请先结束原派驻或使用“调整派驻”。",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
                violation_error_message="派驻结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor} → {self.organization}"

    def get_absolute_url(self):
        return reverse("roster:assignment_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
