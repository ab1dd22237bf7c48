from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from liangxin.core.crypto import EncryptedCharField
from liangxin.core.models.region import region_prefix


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", "县级管理员"
    COMMITTEE_STAFF = "committee_staff", "行业党委工作人员"
    INSTRUCTOR = "instructor", "党建工作指导员"
    ORG_CONTACT = "org_contact", "组织党建联络员"
    UNIT_LIAISON = "unit_liaison", "派出单位联络人"
    AUDITOR = "auditor", "纪检监督人员"


class User(AbstractUser):
    """A person who logs in; the role and its anchor (region, committee, org, unit) set the scope."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = EncryptedCharField("手机号", max_length=11, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name="所属区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    committee = models.ForeignKey(
        "orgs.PartyCommittee",
        verbose_name="所属行业党委",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    unit = models.ForeignKey(
        "roster.DispatchingUnit",
        verbose_name="所属派出单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaisons",
    )

    password_changed_at = models.DateTimeField(
        "密码修改时间", null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["username"]
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def region_prefix(self) -> str | None:
        return region_prefix(self.region_id) if self.region_id else None

    @property
    def instructor_id(self) -> int | None:
        profile = getattr(self, "instructor_profile", None)
        return profile.pk if profile else None

    @property
    def role_title(self) -> str:
        """The role as people say it: an administrator of a province or a city is 省级 or
        市级管理员, not 县级 (the role is the same, the region says the level)."""
        if self.role == Role.COUNTY_ADMIN and self.region_id:
            if self.region_id.endswith("0000"):
                return "省级管理员"
            if self.region_id.endswith("00"):
                return "市级管理员"
        return self.get_role_display()

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or self.role in roles
