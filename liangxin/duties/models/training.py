"""Training events and enrolments (用得好)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from liangxin.core.models import TrackedModel
from liangxin.core.scoping import ScopedQuerySet


class TrainingKind(models.TextChoices):
    CLASS = "class", "集中办班"
    MEETING = "meeting", "以会代训"
    VISIT = "visit", "现场观摩"
    EXCHANGE = "exchange", "交流会"


class RegionWideQuerySet(ScopedQuerySet):
    """Region-wide records: every role of the region except organizations' contacts."""

    def _own_region(self, user):
        return self.filter(region_id=user.region_id) if user.region_id else self.none()

    for_committee_staff = for_instructor = for_unit_liaison = _own_region


def _token() -> str:
    return secrets.token_urlsafe(16)


class TrainingEvent(TrackedModel):
    """A training of instructors: a class, a meeting used as training, a site visit, an exchange."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    title = models.CharField("培训名称", max_length=100)
    kind = models.CharField("培训形式", max_length=10, choices=TrainingKind.choices)
    date = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    location = models.CharField("地点", max_length=100, blank=True)
    plan = models.TextField("培训安排", max_length=5000, blank=True)
    materials = models.TextField("培训材料", max_length=10000, blank=True)
    committee = models.ForeignKey(
        "orgs.PartyCommittee",
        verbose_name="组织单位（行业党委）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="行业党委组织的培训；为空表示县级组织的培训。",
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组织人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signin_token = models.CharField(
        "签到口令", max_length=40, default=_token, editable=False
    )

    objects = RegionWideQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "培训"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=80),
                name="training_hours_range",
                violation_error_message="学时须大于 0 且不超过 80。",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="training_title_not_blank",
                violation_error_message="请填写培训名称。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("duties:training_detail", args=[self.pk])

    def signin_path(self) -> str:
        return reverse("duties:training_signin", args=[self.pk, self.signin_token])


class SignInMethod(models.TextChoices):
    ORGANIZER = "organizer", "组织人勾选"
    LINK = "link", "本人扫码签到"


class Enrolment(models.Model):
    """An instructor enrolled in a training; attended once signed in."""

    event = models.ForeignKey(
        TrainingEvent,
        verbose_name="培训",
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    attended = models.BooleanField("已签到", default=False)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_in_via = models.CharField(
        "签到方式", max_length=10, choices=SignInMethod.choices, blank=True
    )

    class Meta:
        ordering = ["instructor__name", "id"]
        verbose_name = verbose_name_plural = "培训报名"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "instructor"],
                name="enrolment_once",
                violation_error_message="该指导员已在培训名单中。",
            ),
        ]

    def __str__(self):
        return f"{self.event}：{self.instructor}"
