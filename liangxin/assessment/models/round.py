"""Assessment rounds, their scores, results, re-scores and appeals."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from liangxin.assessment.models.scheme import (
    Grade,
    RegionScopedQuerySet,
    Scheme,
    SchemeIndicator,
)
from liangxin.core import workflow
from liangxin.core.models import TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.scoping import ScopedQuerySet
from liangxin.core.services import ServiceError


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SCORING = "scoring", "评分中"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已公布"
    LOCKED = "locked", "已锁定"


TRANSITIONS: dict[str, tuple[str, ...]] = {
    RoundStatus.DRAFT: (RoundStatus.SCORING,),
    RoundStatus.SCORING: (RoundStatus.REVIEW,),
    RoundStatus.REVIEW: (RoundStatus.SCORING, RoundStatus.PUBLISHED),
    RoundStatus.PUBLISHED: (RoundStatus.LOCKED,),
    RoundStatus.LOCKED: (),
}
VISIBLE_TO_ASSESSED = (RoundStatus.PUBLISHED, RoundStatus.LOCKED)
LOCKED_MESSAGE = "该考核已锁定，不能再修改。"


class RoundQuerySet(RegionScopedQuerySet):
    def for_instructor(self, user):
        return self._same_region(user).filter(status__in=VISIBLE_TO_ASSESSED)

    for_unit_liaison = for_instructor


class Round(TrackedModel):
    TRANSITIONS = TRANSITIONS
    WORKFLOW_NOUN = "考核"
    """One assessment (yearly or quarterly) of every active instructor of a county."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField("考核名称", max_length=100)
    period_start = models.DateField("考核期开始")
    period_end = models.DateField("考核期结束")
    status = models.CharField(
        "状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    appeal_days = models.PositiveSmallIntegerField("申诉期（天）", default=7)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = verbose_name_plural = "考核轮次"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="round_period_ordered",
                violation_error_message="考核期结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessment:round_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == RoundStatus.LOCKED

    def ensure_writable(self, *statuses: str) -> None:
        """Refuse any write to a locked round, and writes in a status not listed."""
        if self.is_locked:
            raise ServiceError(LOCKED_MESSAGE)
        if statuses and self.status not in statuses:
            labels = "、".join(RoundStatus(s).label for s in statuses)
            raise ServiceError(
                f"考核当前为“{self.get_status_display()}”，只有“{labels}”时可以进行该操作。"
            )

    def appeal_deadline(self):
        if not self.published_at:
            return None
        return timezone.localdate(self.published_at) + timezone.timedelta(
            days=self.appeal_days
        )

    def transition(
        self, to: str, *, by, note: str = "", audit_note: str | None = None
    ) -> "RoundTransition":
        """Move the round through the one workflow path; publishing stamps the time."""
        changes = (
            {"published_at": timezone.now()} if to == RoundStatus.PUBLISHED else {}
        )
        return workflow.transition(
            self,
            to,
            user=by,
            note=note,
            changes=changes,
            check=Round.ensure_writable,
            audit_note=audit_note,
        )


RoundTransition = history_model(
    Round,
    name="RoundTransition",
    field="round",
    parent_label="考核",
    verbose_name="考核流转记录",
    doc="One move of a round: from → to, by whom, when.",
)


class AssessedQuerySet(ScopedQuerySet):
    """Per-instructor rows of a round: the assessed person sees their own once published."""

    def for_committee_staff(self, user):
        return self.filter(instructor__committee_id=user.committee_id)

    def for_instructor(self, user):
        return self.filter(instructor__user=user, round__status__in=VISIBLE_TO_ASSESSED)

    def for_unit_liaison(self, user):
        return self.filter(
            instructor__unit_id=user.unit_id, round__status__in=VISIBLE_TO_ASSESSED
        )


class RoundPartQuerySet(AssessedQuerySet):
    region_field = "round__region"


class Result(models.Model):
    """An instructor's total, grade and rank in a round (the participant list of the round)."""

    round = models.ForeignKey(
        Round, verbose_name="考核", on_delete=models.CASCADE, related_name="results"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    total = models.DecimalField(
        "总分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    subtotals = models.JSONField("分项得分", default=dict, blank=True)
    grade = models.CharField("等次", max_length=12, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    vetoes = models.JSONField(
        "否决事项",
        default=list,
        blank=True,
        help_text="本轮认定的全部否决事项；等次按其中最严重的一项认定。",
    )
    tie_pending = models.BooleanField(
        "并列待定",
        default=False,
        help_text="在优秀名额线上与他人完全并列，待县级决定后方可公布。",
    )
    over_quota = models.BooleanField(
        "超出优秀比例",
        default=False,
        help_text="分数达到优秀但超出优秀比例，按称职认定。",
    )

    objects = AssessedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "rank", "instructor_id"]
        verbose_name = verbose_name_plural = "考核结果"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instructor"],
                name="result_once_per_round",
                violation_error_message="该指导员在本轮考核中已有结果。",
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.instructor_id}"

    def get_absolute_url(self):
        return reverse("assessment:result_detail", args=[self.pk])


class Score(models.Model):
    """Points for one instructor on one indicator, with the evidence behind them."""

    round = models.ForeignKey(
        Round, verbose_name="考核", on_delete=models.CASCADE, related_name="scores"
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="assessment_scores",
    )
    indicator = models.ForeignKey(
        SchemeIndicator,
        verbose_name="指标",
        on_delete=models.PROTECT,
        related_name="scores",
    )
    value = models.DecimalField(
        "数据值", max_digits=12, decimal_places=2, null=True, blank=True
    )
    points = models.DecimalField("得分", max_digits=5, decimal_places=2)
    justification = models.TextField("评分依据", blank=True)
    evidence = models.JSONField("计分证据", default=dict, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField("评分时间", default=timezone.now)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        ordering = ["round", "instructor_id", "indicator_id"]
        verbose_name = verbose_name_plural = "考核得分"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instructor", "indicator"],
                name="score_once_per_indicator",
                violation_error_message="该指标已评分，请使用“重新评分”。",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.points}"


class ScoreRevision(models.Model):
    """A re-score: the old and new points and the written reason; the old value is kept."""

    score = models.ForeignKey(
        Score, verbose_name="得分", on_delete=models.CASCADE, related_name="revisions"
    )
    old_points = models.DecimalField("原得分", max_digits=5, decimal_places=2)
    new_points = models.DecimalField("新得分", max_digits=5, decimal_places=2)
    reason = models.TextField("调整理由")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = verbose_name_plural = "重新评分记录"

    def __str__(self):
        return f"{self.old_points} → {self.new_points}"


class VetoFinding(models.Model):
    """A veto item found against an instructor in a round."""

    round = models.ForeignKey(
        Round,
        verbose_name="考核",
        on_delete=models.CASCADE,
        related_name="veto_findings",
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "assessment.VetoItem", verbose_name="否决事项", on_delete=models.PROTECT
    )
    note = models.TextField("认定依据")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        ordering = ["round", "instructor_id"]
        verbose_name = verbose_name_plural = "否决认定"

    def __str__(self):
        return f"{self.item}"


class TieDecision(models.Model):
    """The county's decision of a tied place at the 优秀 quota line (one row per tied person)."""

    round = models.ForeignKey(
        Round,
        verbose_name="考核",
        on_delete=models.CASCADE,
        related_name="tie_decisions",
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField("决定等次", max_length=12, choices=Grade.choices)
    group = models.JSONField("并列人员", default=list)
    note = models.TextField("决定依据")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        ordering = ["round", "instructor_id"]
        verbose_name = verbose_name_plural = "并列名次决定"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "instructor"],
                name="tie_decision_once_per_round",
                violation_error_message="该指导员的并列名次已有决定。",
            ),
        ]

    def __str__(self):
        return f"{self.instructor_id}: {self.get_grade_display()}"


class AppealStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "已采纳"
    REJECTED = "rejected", "未采纳"


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(result__in=Result.objects.visible_to(user))


APPEAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AppealStatus.OPEN: (AppealStatus.UPHELD, AppealStatus.REJECTED),
    AppealStatus.UPHELD: (),
    AppealStatus.REJECTED: (),
}


class Appeal(models.Model):
    """An instructor's objection to their published result, filed within the appeal period."""

    TRANSITIONS = APPEAL_TRANSITIONS
    WORKFLOW_NOUN = "申诉"

    result = models.ForeignKey(
        Result,
        verbose_name="考核结果",
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    reason = models.TextField("申诉理由")
    status = models.CharField(
        "状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    response = models.TextField("处理意见", blank=True)
    filed_at = models.DateTimeField("提出时间", default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = verbose_name_plural = "考核申诉"

    def __str__(self):
        return f"申诉 {self.result}"


AppealTransition = history_model(
    Appeal,
    name="AppealTransition",
    field="appeal",
    parent_label="申诉",
    verbose_name="申诉办理记录",
    doc="One move of an appeal: from → to, by whom, when.",
)
