"""Standard procedures (工作指南) as data: a versioned template per region and kind with its steps
and guidance (domain-rules §1 组织生活会, §2 换届选举), and a run of a procedure per party
organization with one record per step, entered in order by people."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from liangxin.core.models import TrackedModel
from liangxin.core.models.region import region_chain
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models.records import Election, Meeting, PartyOrgRecordQuerySet


class ProcedureKind(models.TextChoices):
    ELECTION = "election", "支部换届选举"
    LIFE = "life", "组织生活会"


class ProcedureForm(models.TextChoices):
    REQUEST = "request", "换届选举请示"
    RESULT = "result", "选举结果报告"
    REPORT = "report", "组织生活会情况报告"


FORMS_BY_KIND = {
    ProcedureKind.ELECTION: [ProcedureForm.REQUEST, ProcedureForm.RESULT],
    ProcedureKind.LIFE: [ProcedureForm.REPORT],
}


class ProcedureTemplate(TrackedModel):
    """A version of a standard procedure for a region, in force from a date (like RuleSet)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    kind = models.CharField("程序", max_length=10, choices=ProcedureKind.choices)
    name = models.CharField("名称", max_length=100)
    version = models.PositiveSmallIntegerField("版本号", default=1)
    effective_from = models.DateField("施行日期")
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["region", "kind", "-effective_from", "-version"]
        verbose_name = verbose_name_plural = "工作指南程序"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "version"],
                name="proceduretemplate_version",
                violation_error_message="该区划已有同一版本号的程序。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版，{self.effective_from:%Y-%m-%d}起）"

    @classmethod
    def for_region(
        cls, region_code: str, kind: str, on: datetime.date
    ) -> "ProcedureTemplate | None":
        """Its own region's template, else the city's, else the province's; the newest in force
        on `on` by effective date and version. One query."""
        chain = region_chain(region_code)
        best: dict[str, ProcedureTemplate] = {}
        for t in cls.objects.filter(
            region_id__in=chain, kind=kind, effective_from__lte=on
        ).order_by("effective_from", "version"):
            best[t.region_id] = t
        return next((best[c] for c in chain if c in best), None)


class ProcedureStep(models.Model):
    """One step of a procedure with the guidance shown when it is next."""

    template = models.ForeignKey(
        ProcedureTemplate,
        verbose_name="程序",
        on_delete=models.CASCADE,
        related_name="steps",
    )
    number = models.PositiveSmallIntegerField(
        "步骤", validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    name = models.CharField("名称", max_length=50)
    guidance = models.TextField("工作指引", max_length=2000, blank=True)
    form = models.CharField(
        "对应表单",
        max_length=10,
        choices=ProcedureForm.choices,
        blank=True,
        help_text="该步骤需填写、打印的表单；无则留空",
    )
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["template", "number"]
        verbose_name = verbose_name_plural = "工作指南步骤"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"],
                name="procedurestep_unique",
                violation_error_message="该程序已有此步骤。",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class RunStatus(models.TextChoices):
    OPEN = "open", "进行中"
    DONE = "done", "已完成"


class ProcedureRun(TrackedModel):
    """One pass through a procedure by a party organization (a 换届 or a 组织生活会)."""

    TRANSITIONS = {RunStatus.OPEN: (RunStatus.DONE,), RunStatus.DONE: ()}
    WORKFLOW_NOUN = "程序"

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name="党组织",
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    kind = models.CharField("程序", max_length=10, choices=ProcedureKind.choices)
    template = models.ForeignKey(
        ProcedureTemplate,
        verbose_name="所用指南",
        on_delete=models.PROTECT,
        related_name="runs",
        editable=False,
    )
    topic = models.CharField(
        "主题", max_length=100, blank=True, help_text="组织生活会的主题；换届可留空"
    )
    planned_on = models.DateField("计划召开日期", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("拟设委员名额", null=True, blank=True)
    secretary_posts = models.CharField(
        "书记、副书记职数",
        max_length=50,
        blank=True,
        help_text="如：书记1名、副书记1名",
    )
    method = models.CharField(
        "选举方式", max_length=100, blank=True, help_text="如：差额选举，无记名投票"
    )
    election = models.ForeignKey(
        Election,
        verbose_name="换届选举记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="组织生活会记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
    )
    problems = models.TextField("查摆的问题", max_length=5000, blank=True)
    rectification = models.TextField(
        "整改措施", max_length=5000, blank=True, help_text="每行一项"
    )
    current_step = models.PositiveSmallIntegerField(
        "已完成步骤", default=0, editable=False
    )
    status = models.CharField(
        "状态",
        max_length=6,
        choices=RunStatus.choices,
        default=RunStatus.OPEN,
        editable=False,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PartyOrgRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "工作指南办理"

    def __str__(self):
        return f"{self.party_organization} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("partylife:procedure_detail", args=[self.pk])

    @property
    def rectification_items(self) -> list[str]:
        return [
            line.strip() for line in self.rectification.splitlines() if line.strip()
        ]


class ProcedureStepRecord(models.Model):
    """The actual date of one step of a run, who did it and a note."""

    run = models.ForeignKey(
        ProcedureRun,
        verbose_name="办理",
        on_delete=models.CASCADE,
        related_name="records",
    )
    number = models.PositiveSmallIntegerField("步骤")
    date = models.DateField("日期")
    done_by = models.CharField("经办人", max_length=50)
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
        ordering = ["run", "number"]
        verbose_name = verbose_name_plural = "工作指南步骤记录"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "number"],
                name="procedurestep_once",
                violation_error_message="该步骤已登记。",
            ),
        ]

    def __str__(self):
        return f"{self.run} 第{self.number}步 {self.date:%Y-%m-%d}"
