"""What happened: meetings held, term extensions, elections, 发展党员 candidates and their steps,
and the organizations' service to society. Every date is entered by people; checks are computed."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from liangxin.core.dates import add_months  # noqa: F401  (re-exported for partylife)
from liangxin.core.models import TrackedModel
from liangxin.core.scoping import ScopedQuerySet
from liangxin.core.uploads import random_name
from liangxin.orgs.models import Organization, PartyOrganization
from liangxin.partylife.models.rules import MeetingKind


def meeting_photo_path(instance, filename: str) -> str:
    return random_name("meeting-photos", filename)


class PartyOrgRecordQuerySet(ScopedQuerySet):
    """Records of a party organization, seen by whoever sees the party organization."""

    def for_committee_staff(self, user):
        return self.filter(party_organization__committee_id=user.committee_id)

    def _via_party_organizations(self, user):
        return self.filter(
            party_organization_id__in=PartyOrganization.objects.visible_to(user).values(
                "pk"
            )
        )

    for_instructor = _via_party_organizations
    for_org_contact = _via_party_organizations
    for_unit_liaison = _via_party_organizations


class MeetingQuerySet(PartyOrgRecordQuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)


class Meeting(TrackedModel):
    """A meeting of a party organization (三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    date = models.DateField("日期")
    topic = models.CharField("主题", max_length=100)
    expected_count = models.PositiveSmallIntegerField("应到人数")
    present_count = models.PositiveSmallIntegerField("实到人数")
    attendees = models.TextField("参加人员", max_length=2000, blank=True)
    instructor_attended = models.BooleanField("指导员参加", default=False)
    minutes = models.TextField("会议记录", max_length=10000, blank=True)
    photo = models.FileField(
        "照片", upload_to=meeting_photo_path, max_length=200, blank=True
    )
    excellent_count = models.PositiveSmallIntegerField(
        "评为优秀", null=True, blank=True
    )
    qualified_count = models.PositiveSmallIntegerField(
        "评为合格", null=True, blank=True
    )
    basic_count = models.PositiveSmallIntegerField(
        "评为基本合格", null=True, blank=True
    )
    unqualified_count = models.PositiveSmallIntegerField(
        "评为不合格", null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "组织生活记录"
        indexes = [
            models.Index(fields=["party_organization", "date"], name="meeting_po_date")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(present_count__lte=models.F("expected_count")),
                name="meeting_present_le_expected",
                violation_error_message="实到人数不能多于应到人数。",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    def get_absolute_url(self):
        return reverse("partylife:meeting_detail", args=[self.pk])

    @property
    def graded_count(self) -> int | None:
        grades = [
            self.excellent_count,
            self.qualified_count,
            self.basic_count,
            self.unqualified_count,
        ]
        if all(g is None for g in grades):
            return None
        return sum(g or 0 for g in grades)


class TermExtension(TrackedModel):
    """An approved delay of a party organization's 换届 (≤ the rule set's maximum, 一般不超过1年)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    term_due_on = models.DateField("原届满日期")
    months = models.PositiveSmallIntegerField(
        "延期（月）", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    approved_on = models.DateField("批准日期")
    approved_by = models.CharField("批准机关", max_length=100)
    reason = models.CharField("延期原因", max_length=500)

    objects = PartyOrgRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "-id"]
        verbose_name = verbose_name_plural = "延期换届"

    def __str__(self):
        return f"{self.party_organization} 延期{self.months}个月"

    def get_absolute_url(self):
        return reverse("partylife:term_list") + f"?q={self.party_organization.name}"


class Election(TrackedModel):
    """A 换届选举 with the dates of its steps (domain-rules §2); the checks are computed."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="elections",
    )
    term_due_on = models.DateField("届满日期", null=True, blank=True, editable=False)
    request_on = models.DateField("报送请示日期", null=True, blank=True)
    approval_on = models.DateField("上级批复日期", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("应选委员数", null=True, blank=True)
    candidates = models.PositiveSmallIntegerField("委员候选人数", null=True, blank=True)
    entitled_count = models.PositiveSmallIntegerField(
        "有选举权的党员数",
        null=True,
        blank=True,
        help_text="已扣除经批准不计入应到会的党员",
    )
    excluded_note = models.CharField(
        "不计入应到会人员及原因", max_length=500, blank=True
    )
    present_count = models.PositiveSmallIntegerField("实到会", null=True, blank=True)
    held_on = models.DateField("选举日期", null=True, blank=True)
    result = models.TextField("选举结果", max_length=2000, blank=True)
    new_term_years = models.PositiveSmallIntegerField(
        "新一届任期（年）",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    report_on = models.DateField("报告上级日期", null=True, blank=True)

    objects = PartyOrgRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "换届选举"

    def __str__(self):
        return f"{self.party_organization} 换届选举"

    def get_absolute_url(self):
        return reverse("partylife:election_detail", args=[self.pk])


class CandidateStatus(models.TextChoices):
    ACTIVE = "active", "培养中"
    ADMITTED = "admitted", "已转正"
    STOPPED = "stopped", "已终止"


class Candidate(TrackedModel):
    """A person in the 发展党员 pipeline of a party organization."""

    TRANSITIONS = {
        CandidateStatus.ACTIVE: (CandidateStatus.ADMITTED, CandidateStatus.STOPPED),
        CandidateStatus.ADMITTED: (),
        CandidateStatus.STOPPED: (),
    }
    WORKFLOW_NOUN = "发展对象"

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    name = models.CharField("姓名", max_length=50)
    birth_date = models.DateField(
        "出生日期",
        null=True,
        blank=True,
        help_text="递交入党申请书时须年满十八岁（党章第一条、细则第九条）。",
    )
    current_step = models.PositiveSmallIntegerField(
        "已完成步骤", default=0, editable=False
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ACTIVE,
        editable=False,
    )
    note = models.CharField("备注", max_length=500, blank=True)

    objects = PartyOrgRecordQuerySet.as_manager()

    class Meta:
        ordering = ["party_organization", "name", "id"]
        verbose_name = verbose_name_plural = "发展党员"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partylife:candidate_detail", args=[self.pk])


class StepRecord(models.Model):
    """The actual date of one step for one candidate, entered by a person."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name="发展对象",
        on_delete=models.CASCADE,
        related_name="steps",
    )
    number = models.PositiveSmallIntegerField("步骤")
    date = models.DateField("日期")
    publicity_started_on = models.DateField("公示开始日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["candidate", "number"]
        verbose_name = verbose_name_plural = "发展党员步骤记录"
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "number"],
                name="steprecord_once",
                violation_error_message="该步骤已登记。",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} 第{self.number}步 {self.date:%Y-%m-%d}"


class ServiceThemeQuerySet(ScopedQuerySet):
    def _own_region(self, user):
        if not user.region_id:
            return self.none()
        return self.filter(
            region_id__in=[
                user.region_id,
                user.region_id[:4] + "00",
                user.region_id[:2] + "0000",
            ]
        )

    for_committee_staff = _own_region
    for_instructor = _own_region
    for_org_contact = _own_region
    for_unit_liaison = _own_region


class ServiceTheme(TrackedModel):
    """A theme the county tags service activities with (党史学习教育, 乡村振兴, 社会治理 …)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    name = models.CharField("主题", max_length=50)
    active = models.BooleanField("启用", default=True)

    objects = ServiceThemeQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = verbose_name_plural = "服务社会主题"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="servicetheme_unique",
                violation_error_message="该主题已存在。",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partylife:theme_update", args=[self.pk])


class ServiceActivityQuerySet(ScopedQuerySet):
    def for_committee_staff(self, user):
        return self.filter(organization__committee_id=user.committee_id)

    def _via_organizations(self, user):
        return self.filter(
            organization_id__in=Organization.objects.visible_to(user).values("pk")
        )

    for_instructor = _via_organizations
    for_org_contact = _via_organizations
    for_unit_liaison = _via_organizations


class ServiceActivity(TrackedModel):
    """A public-service activity of an organization (走向社会开展服务、回馈社会)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="service_activities",
    )
    date = models.DateField("日期")
    title = models.CharField("活动名称", max_length=100)
    description = models.TextField("活动内容", max_length=3000, blank=True)
    participants = models.PositiveIntegerField("参与人数", default=0)
    beneficiaries = models.PositiveIntegerField("受益人数", default=0)
    themes = models.ManyToManyField(
        ServiceTheme, verbose_name="主题", blank=True, related_name="activities"
    )

    objects = ServiceActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "服务社会活动"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("partylife:service_list")

    @property
    def theme_names(self) -> str:
        return "、".join(t.name for t in self.themes.all())
