import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from liangxin.core.conditions import condition
from liangxin.core.dates import add_years
from liangxin.core.models import TrackedModel
from liangxin.core.pinyin import search_key
from liangxin.core.scoping import ScopedQuerySet
from liangxin.core.validators import validate_credit_code


class CommitteeKind(models.TextChoices):
    NONPUBLIC = "nonpublic", "非公有制经济组织党委"
    SOCIAL = "social", "社会组织党委"


class PartyCommitteeQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(pk=user.committee_id)

    def _in_own_region(self, user):
        return self.filter(region_id=user.region_id) if user.region_id else self.none()

    for_instructor = _in_own_region
    for_unit_liaison = _in_own_region
    for_org_contact = _in_own_region


class PartyCommittee(TrackedModel):
    """A sector Party committee of a region (非公经济组织党委 or 社会组织党委)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    kind = models.CharField("类别", max_length=10, choices=CommitteeKind.choices)
    name = models.CharField("名称", max_length=100)

    objects = PartyCommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind"]
        verbose_name = verbose_name_plural = "行业党委"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"],
                name="committee_one_kind_per_region",
                violation_error_message="该区划已有同类行业党委。",
            )
        ]

    def __str__(self):
        return self.name


class OrgKind(models.TextChoices):
    ENTERPRISE = "enterprise", "非公有制企业"
    SOCIAL = "social", "社会组织"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "正常经营"
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "注销"


class PartyOrgKind(models.TextChoices):
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    GENERAL_BRANCH = "general_branch", "党总支"
    COMMITTEE = "committee", "基层党委"


class CoverageMode(models.TextChoices):
    OWN = "own", "单独组建"
    JOINT = "joint", "联合组建"
    NONE = "none", "未建党组织"


class OrganizationQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(
            assignments__instructor__user=user, assignments__ended_on__isnull=True
        ).distinct()

    def for_org_contact(self, user):
        return self.filter(pk=user.organization_id)

    def for_unit_liaison(self, user):
        return self.filter(
            assignments__instructor__unit_id=user.unit_id,
            assignments__ended_on__isnull=True,
        ).distinct()

    def active(self):
        return self.filter(status=OrgStatus.ACTIVE)

    def search(self, q: str):
        from liangxin.core.pinyin import normalize_query

        q = normalize_query(q)
        if not q:
            return self
        return self.filter(Q(search_text__contains=q) | Q(credit_code__icontains=q))

    def with_instructor(self, yes: bool = True):
        """Organizations with (or without) an active assignment (decided by roster)."""
        active = condition("orgs.organization", "has_instructor")
        return self.filter(active if yes else ~active)

    def by_coverage(self, mode: str, first=None, last=None):
        """Coverage modes of domain-rules §4 and cockpit.md: own / joint / none / party
        (own + joint) / work (a party organization, or none but an instructor's confirmed visit
        between `first` and `last`, as in the coverage trend)."""
        has_po = Q(party_organization__isnull=False)
        joint = Q(party_organization__kind=PartyOrgKind.JOINT_BRANCH)
        if mode == CoverageMode.OWN:
            return self.filter(has_po & ~joint)
        if mode == CoverageMode.JOINT:
            return self.filter(has_po & joint)
        if mode == CoverageMode.NONE:
            return self.filter(party_organization__isnull=True)
        if mode == "party":
            return self.filter(has_po)
        if mode == "work":  # a confirmed visit in the period: decided by fieldwork
            return self.filter(
                has_po | condition("orgs.organization", "worked", first, last)
            )
        return self.none()

    def ready_to_found(self):
        """≥ 3 正式党员 and no party organization of their own (§4)."""
        return self.filter(formal_members__gte=3).filter(
            Q(party_organization__isnull=True)
            | Q(party_organization__kind=PartyOrgKind.JOINT_BRANCH)
        )

    def with_coverage(self):
        """Annotate `has_instructor` and `coverage_mode` for coverage figures and lists."""
        return self.annotate(
            has_instructor=condition("orgs.organization", "has_instructor"),
            coverage_mode=models.Case(
                models.When(
                    party_organization__isnull=True,
                    then=models.Value(CoverageMode.NONE),
                ),
                models.When(
                    party_organization__kind=PartyOrgKind.JOINT_BRANCH,
                    then=models.Value(CoverageMode.JOINT),
                ),
                default=models.Value(CoverageMode.OWN),
                output_field=models.CharField(),
            ),
        )


class Organization(TrackedModel):
    """A 两新 organization: a private enterprise or a social organization."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name="管理党委",
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    name = models.CharField("名称", max_length=100)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": "该统一社会信用代码已登记。"},
    )
    kind = models.CharField("组织类型", max_length=12, choices=OrgKind.choices)
    industry = models.CharField("行业", max_length=50, blank=True)
    is_above_scale = models.BooleanField("规模以上工业企业", default=False)
    is_key = models.BooleanField("重点企业", default=False)
    is_entity_social = models.BooleanField("实体性社会组织", default=False)
    employees = models.PositiveIntegerField("从业人员数", default=0)
    address = models.CharField("地址", max_length=200, blank=True)
    legal_person = models.CharField("负责人", max_length=50, blank=True)
    status = models.CharField(
        "经营状态", max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    registered_on = models.DateField("登记日期", null=True, blank=True)
    formal_members = models.PositiveIntegerField("正式党员数", default=0)
    probationary_members = models.PositiveIntegerField("预备党员数", default=0)
    party_organization = models.ForeignKey(
        "orgs.PartyOrganization",
        verbose_name="所属党组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
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
    search_text = models.TextField(editable=False, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "两新组织"
        indexes = [
            models.Index(
                fields=["committee", "status"], name="org_committee_status_idx"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:organization_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = search_key(self.name)

    @property
    def coverage(self) -> str:
        if self.party_organization_id is None:
            return CoverageMode.NONE
        if self.party_organization.kind == PartyOrgKind.JOINT_BRANCH:
            return CoverageMode.JOINT
        return CoverageMode.OWN

    @property
    def categories(self) -> list[str]:
        labels = []
        for field in ("is_above_scale", "is_key", "is_entity_social"):
            if getattr(self, field):
                labels.append(self._meta.get_field(field).verbose_name)
        return labels


class PartyOrganizationQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(committee_id=user.committee_id)

    def _via_organizations(self, user):
        return self.filter(
            pk__in=Organization.objects.visible_to(user).values("party_organization")
        )

    for_instructor = _via_organizations
    for_org_contact = _via_organizations
    for_unit_liaison = _via_organizations

    def still_serving(self):
        """Party organizations with an organization not deregistered (注销), or none linked
        yet. A branch whose every organization is 注销 holds no more meetings and has no term
        to renew: no warning, figure or reminder counts it (its record stays, for history)."""
        linked = Organization.objects.filter(party_organization=OuterRef("pk"))
        return self.filter(
            ~Exists(linked) | Exists(linked.exclude(status=OrgStatus.CLOSED))
        )


class PartyOrganization(TrackedModel):
    """A party organization (支部, 联合支部, 总支, 党委) in one or several 两新 organizations."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    committee = models.ForeignKey(
        PartyCommittee,
        verbose_name="上级党委",
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=PartyOrgKind.choices)
    secretary = models.CharField("书记", max_length=50, blank=True)
    formal_members = models.PositiveIntegerField("正式党员数", default=0)
    probationary_members = models.PositiveIntegerField("预备党员数", default=0)
    has_branch_committee = models.BooleanField("已设支部委员会", default=False)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    term_started_on = models.DateField("本届任期开始", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        "任期（年）", default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    objects = PartyOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "党组织"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:partyorganization_detail", args=[self.pk])

    @property
    def term_due_on(self) -> datetime.date | None:
        return self.due_for(self.term_started_on, self.term_years)

    @staticmethod
    def due_for(started: datetime.date | None, years: int) -> datetime.date | None:
        """When a term begun on `started` for `years` years ends (before any extension)."""
        return add_years(started, years) if started else None
