"""The rules of party life as data (domain-rules §1–§3): a versioned rule set per region with its
meeting frequencies and the 25 steps of 发展党员. A county, city or province rule set applies to
the regions below it (nearest first, like Policy); the newest one in force on a date wins."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from liangxin.core.memo import memoized
from liangxin.core.models import TrackedModel
from liangxin.core.models.region import region_chain
from liangxin.core.obligations import Cadence
from liangxin.orgs.models import PartyOrgKind


class MeetingKind(models.TextChoices):
    MEMBERS = "members", "支部党员大会"
    COMMITTEE = "committee", "支部委员会会议"
    GROUP = "group", "党小组会"
    LECTURE = "lecture", "党课"
    ACTIVITY_DAY = "activity_day", "主题党日"
    LIFE = "life", "组织生活会"
    EVALUATION = "evaluation", "民主评议党员"
    TALK = "talk", "谈心谈话"


class Stage(models.TextChoices):
    APPLICATION = "application", "一、申请入党"
    ACTIVIST = "activist", "二、入党积极分子的确定和培养教育"
    DEVELOPMENT = "development", "三、发展对象的确定和考察"
    ADMISSION = "admission", "四、预备党员的接收"
    PROBATION = "probation", "五、预备党员的教育考察和转正"


class RuleSet(TrackedModel):
    """A version of the party-life rules for a region, in force from a date."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    name = models.CharField("名称", max_length=100)
    version = models.PositiveSmallIntegerField("版本号", default=1)
    effective_from = models.DateField("施行日期")
    term_reminder_months = models.PositiveSmallIntegerField(
        "换届提醒提前（月）", default=6, validators=[MaxValueValidator(24)]
    )
    request_lead_months = models.PositiveSmallIntegerField(
        "换届请示提前（月）",
        default=2,
        validators=[MaxValueValidator(12)],
        help_text="任期届满前多少个月应报送换届请示（各地规定不一，默认 2 个月）",
    )
    max_extension_months = models.PositiveSmallIntegerField(
        "延期换届最长（月）", default=12, validators=[MaxValueValidator(12)]
    )
    candidate_surplus_percent = models.PositiveSmallIntegerField(
        "候选人差额比例不少于（%）", default=20, validators=[MaxValueValidator(100)]
    )
    election_quorum_percent = models.PositiveSmallIntegerField(
        "选举到会须超过应到会（%）", default=80, validators=[MaxValueValidator(100)]
    )
    excellent_max_numerator = models.PositiveSmallIntegerField(
        "优秀比例上限（分子）", default=1
    )
    excellent_max_denominator = models.PositiveSmallIntegerField(
        "优秀比例上限（分母）", default=3, validators=[MinValueValidator(1)]
    )
    publicity_count_start = models.BooleanField(
        "公示首日计入", default=True, help_text="公示开始当天为工作日时是否计入公示天数"
    )

    class Meta:
        ordering = ["region", "-effective_from", "-version"]
        verbose_name = verbose_name_plural = "组织生活规则"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "version"],
                name="ruleset_region_version",
                violation_error_message="该区划已有同一版本号的规则。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版，{self.effective_from:%Y-%m-%d}起）"

    @classmethod
    def for_regions(
        cls, region_codes, on: datetime.date
    ) -> dict[str, "RuleSet | None"]:
        """For each region, the rule set in force on `on`: its own, else its city's, else its
        province's; the newest by effective date and version. One query."""
        candidates = cls.candidates_for(region_codes)
        return {code: cls.pick(candidates, code, on) for code in set(region_codes)}

    @classmethod
    def candidates_for(cls, region_codes) -> list["RuleSet"]:
        """Every rule set that may apply to these regions, in one query (choose with `pick`)."""
        codes = frozenset(c for code in set(region_codes) for c in region_chain(code))
        return memoized(
            ("rulesets", codes),
            lambda: list(
                cls.objects.filter(region_id__in=codes).order_by(
                    "effective_from", "version"
                )
            ),
        )

    @staticmethod
    def pick(
        rulesets: list["RuleSet"], region_code: str, on: datetime.date
    ) -> "RuleSet | None":
        best: dict[str, RuleSet] = {}
        for rs in rulesets:  # ordered by effective date and version: newest overwrites
            if rs.effective_from <= on:
                best[rs.region_id] = rs
        return next((best[c] for c in region_chain(region_code) if c in best), None)

    @classmethod
    def for_region(cls, region_code: str, on: datetime.date) -> "RuleSet | None":
        return cls.for_regions([region_code], on)[region_code]

    def excellent_allowed(self, excellent: int, graded: int) -> bool:
        return (
            excellent * self.excellent_max_denominator
            <= graded * self.excellent_max_numerator
        )


class MeetingRule(models.Model):
    """How often a kind of meeting must be held (e.g. 支委会 每月1次)."""

    ruleset = models.ForeignKey(
        RuleSet,
        verbose_name="规则",
        on_delete=models.CASCADE,
        related_name="meeting_rules",
    )
    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    cadence = models.CharField("周期", max_length=12, choices=Cadence.CHOICES)
    required_count = models.PositiveSmallIntegerField("每周期应开次数", default=1)
    party_org_kinds = models.JSONField(
        "适用党组织类型",
        default=list,
        blank=True,
        help_text="留空表示适用于所有类型；可填 " + "、".join(PartyOrgKind.values),
    )
    needs_branch_committee = models.BooleanField(
        "仅适用于设支委会的支部", default=False
    )
    quorum_more_than_percent = models.PositiveSmallIntegerField(
        "实到须超过应到（%）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="如党员大会须过半数到会填 50；无要求留空",
    )
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["ruleset", "kind"]
        verbose_name = verbose_name_plural = "会议频次规则"
        constraints = [
            models.UniqueConstraint(
                fields=["ruleset", "kind"],
                name="meetingrule_one_per_kind",
                violation_error_message="该规则已有此类会议的频次。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_cadence_display()}{self.required_count}次"

    def applies_to(self, party_org) -> bool:
        if self.party_org_kinds and party_org.kind not in self.party_org_kinds:
            return False
        return not (self.needs_branch_committee and not party_org.has_branch_committee)


class PipelineStep(models.Model):
    """One of the 25 steps of 发展党员 with its time rule relative to an earlier step."""

    ruleset = models.ForeignKey(
        RuleSet,
        verbose_name="规则",
        on_delete=models.CASCADE,
        related_name="pipeline_steps",
    )
    number = models.PositiveSmallIntegerField(
        "步骤", validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices)
    name = models.CharField("名称", max_length=50)
    after_step = models.PositiveSmallIntegerField(
        "计时起点步骤",
        null=True,
        blank=True,
        help_text="时限从哪一步的日期起算；留空表示无时限",
    )
    min_months = models.PositiveSmallIntegerField("最早（月后）", default=0)
    min_days = models.PositiveSmallIntegerField("最早（天后）", default=0)
    max_months = models.PositiveSmallIntegerField("最迟（月内）", null=True, blank=True)
    max_days = models.PositiveSmallIntegerField("最迟（天内）", null=True, blank=True)
    publicity_workdays = models.PositiveSmallIntegerField(
        "公示（工作日）",
        null=True,
        blank=True,
        help_text="该步骤须公示的工作日数；无公示留空",
    )
    publicity_after = models.BooleanField(
        "公示在本步骤之后",
        default=False,
        help_text="如上级党委预审：预审合格后公示，期满后方可填写志愿书、召开支部大会；"
        "不勾选表示公示期满后才进行本步骤（如确定积极分子、发展对象）。",
    )
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["ruleset", "number"]
        verbose_name = verbose_name_plural = "发展党员步骤"
        constraints = [
            models.UniqueConstraint(
                fields=["ruleset", "number"],
                name="pipelinestep_unique",
                violation_error_message="该规则已有此步骤。",
            ),
            models.CheckConstraint(
                condition=Q(after_step__isnull=True)
                | Q(after_step__lt=models.F("number")),
                name="pipelinestep_after_earlier",
                violation_error_message="计时起点须是更早的步骤。",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def has_deadline(self) -> bool:
        return self.max_months is not None or self.max_days is not None
