"""The instructor's work handbook (工作手册): entries in four sections, problems raised by people
with their lifecycle, and yearly work plans with progress and research notes."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from liangxin.core import workflow
from liangxin.core.models import Policy, TrackedModel
from liangxin.core.models.workflow import history_model
from liangxin.core.services import ServiceError
from liangxin.roster.models import InstructorWorkQuerySet


class Section(models.TextChoices):
    PROFILE = "profile", "组织基本情况"
    THOUGHTS = "thoughts", "党员群众思想动态"
    WORK = "work", "本人工作开展情况"
    PROBLEMS = "problems", "群众生产生活中的问题和困难"


class HandbookEntryQuerySet(InstructorWorkQuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)


class HandbookEntry(TrackedModel):
    """One dated entry of an instructor's handbook for an organization, in one of four sections."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="handbook_entries",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="handbook_entries",
    )
    section = models.CharField("栏目", max_length=10, choices=Section.choices)
    date = models.DateField("日期")
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容", max_length=5000)
    visit = models.ForeignKey(
        "fieldwork.Visit",
        verbose_name="关联到岗记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handbook_entries",
    )

    objects = HandbookEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "工作手册记录"
        indexes = [
            models.Index(fields=["instructor", "date"], name="hb_entry_instructor_date")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="hb_entry_title_not_blank",
                violation_error_message="请填写标题。",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_section_display()}：{self.title}"

    def get_absolute_url(self):
        return reverse("handbook:entry_detail", args=[self.pk])


class RaisedByKind(models.TextChoices):
    MEMBER = "member", "党员"
    EMPLOYEE = "employee", "职工"
    MANAGER = "manager", "企业负责人"
    RESIDENT = "resident", "群众"
    OTHER = "other", "其他"


class ProblemCategory(models.TextChoices):
    BUSINESS = "business", "生产经营"
    LABOUR = "labour", "劳动关系"
    POLICY = "policy", "政策咨询"
    LIVING = "living", "生活困难"
    PARTY = "party", "党建工作"
    OTHER = "other", "其他"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待办"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已解决"
    REFERRED = "referred", "已转交"
    CLOSED = "closed", "已办结"


#: the lifecycle: 待办 → 办理中 → 已解决 / 已转交 → 已办结
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProblemStatus.OPEN: (ProblemStatus.IN_PROGRESS,),
    ProblemStatus.IN_PROGRESS: (ProblemStatus.RESOLVED, ProblemStatus.REFERRED),
    ProblemStatus.RESOLVED: (ProblemStatus.CLOSED,),
    ProblemStatus.REFERRED: (ProblemStatus.CLOSED,),
    ProblemStatus.CLOSED: (),
}
PENDING_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


class ProblemQuerySet(InstructorWorkQuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)

    def _overdue_condition(self, today: datetime.date) -> Q:
        # The time limit is a per-region Policy number; group the regions by their limit so
        # the whole test stays one WHERE clause (one query for the regions, one for policies).
        regions = set(
            self.pending().order_by().values_list("region_id", flat=True).distinct()
        )
        by_days: dict[int, list[str]] = {}
        for code, policy in Policy.for_regions(regions, today.year).items():
            by_days.setdefault(policy.problem_overdue_days, []).append(code)
        condition = Q(pk__in=[])
        for days, codes in by_days.items():
            condition |= Q(
                region_id__in=codes, raised_on__lt=today - datetime.timedelta(days=days)
            )
        return Q(status__in=PENDING_STATUSES) & condition

    def overdue(self, today: datetime.date | None = None):
        """Open or in-progress problems older than their region's Policy.problem_overdue_days."""
        return self.filter(self._overdue_condition(today or timezone.localdate()))

    def with_overdue(self, today: datetime.date | None = None):
        """Annotate `is_overdue` for lists (a badge per row, no query per row)."""
        condition = self._overdue_condition(today or timezone.localdate())
        return self.annotate(
            is_overdue=Case(
                When(condition, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class Problem(TrackedModel):
    """A problem or difficulty raised by people at an organization (问题和困难), with its lifecycle."""

    TRANSITIONS = TRANSITIONS
    WORKFLOW_NOUN = "问题"

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="problems",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="problems",
    )
    raised_by_kind = models.CharField(
        "反映人类别", max_length=10, choices=RaisedByKind.choices
    )
    raised_by_name = models.CharField("反映人", max_length=50, blank=True)
    category = models.CharField(
        "问题类别", max_length=10, choices=ProblemCategory.choices
    )
    description = models.TextField("问题描述", max_length=2000)
    raised_on = models.DateField("反映日期")
    status = models.CharField(
        "办理状态",
        max_length=12,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
    )
    referred_to = models.CharField("转交部门", max_length=100, blank=True)
    resolution = models.TextField("办理结果", max_length=2000, blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    entry = models.ForeignKey(
        HandbookEntry,
        verbose_name="关联手册记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = verbose_name_plural = "问题和困难"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ProblemStatus.REFERRED) | ~Q(referred_to=""),
                name="problem_referred_needs_department",
                violation_error_message="转交的问题须注明转交部门。",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(resolved_on__gte=models.F("raised_on")),
                name="problem_resolved_after_raised",
                violation_error_message="办结日期不能早于反映日期。",
            ),
        ]

    def __str__(self):
        return f"{self.raised_on:%Y-%m-%d} {self.organization}：{self.description[:20]}"

    def get_absolute_url(self):
        return reverse("handbook:problem_detail", args=[self.pk])

    @property
    def allowed_transitions(self) -> list[tuple[str, str]]:
        labels = dict(ProblemStatus.choices)
        return [(to, labels[to]) for to in TRANSITIONS[self.status]]

    def transition(
        self,
        to: str,
        *,
        by,
        note: str = "",
        referred_to: str = "",
        resolution: str = "",
        on: datetime.date | None = None,
        expected_version: int | None = None,
        audit_note: str | None = None,
    ) -> "ProblemTransition":
        """Move to `to` through the one workflow path (locked, history row, audited).
        Raises ServiceError (nothing changed) on an illegal move or missing details."""
        workflow.check_move(self, to)
        on = on or timezone.localdate()
        referred_to, resolution, note = (
            (referred_to or "").strip(),
            (resolution or "").strip(),
            (note or "").strip(),
        )
        changes = {}
        if to == ProblemStatus.REFERRED:
            if not referred_to:
                raise ServiceError("请填写转交部门。", field="referred_to")
            changes["referred_to"] = referred_to[:100]
        if to == ProblemStatus.RESOLVED and not resolution:
            raise ServiceError("请填写办理结果。", field="resolution")
        if to == ProblemStatus.CLOSED and not (resolution or self.resolution):
            raise ServiceError("办结前请填写办理结果。", field="resolution")
        if resolution:
            changes["resolution"] = resolution
        if (
            to in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
            and self.resolved_on is None
        ):
            changes["resolved_on"] = max(on, self.raised_on)
        return workflow.transition(
            self,
            to,
            user=by,
            expected_version=expected_version,
            note=note,
            changes=changes,
            audit_note=audit_note,
        )


ProblemTransition = history_model(
    Problem,
    name="ProblemTransition",
    field="problem",
    parent_label="问题",
    verbose_name="问题办理记录",
    max_length=12,
    doc="One move of a problem through its lifecycle: from → to, by whom, when, why.",
    constraints=[
        models.CheckConstraint(
            condition=~Q(from_status=models.F("to_status")),
            name="problem_transition_changes_status",
            violation_error_message="办理记录的新旧状态不能相同。",
        ),
    ],
)


class WorkPlan(TrackedModel):
    """An instructor's yearly work plan for an organization (目标, 措施, 时间节点)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    instructor = models.ForeignKey(
        "roster.Instructor",
        verbose_name="指导员",
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="两新组织",
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    goals = models.TextField("目标", max_length=3000)
    measures = models.TextField("措施", max_length=3000)
    milestones = models.TextField("时间节点", max_length=3000, blank=True)

    objects = InstructorWorkQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organization__name", "id"]
        verbose_name = verbose_name_plural = "工作计划"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "organization", "year"],
                name="workplan_one_per_org_year",
                violation_error_message="您该年度已有该组织的工作计划，请直接编辑。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.organization} 工作计划"

    def get_absolute_url(self):
        return reverse("handbook:plan_detail", args=[self.pk])


class WorkPlanProgress(models.Model):
    """A dated progress update of a work plan."""

    plan = models.ForeignKey(
        WorkPlan,
        verbose_name="工作计划",
        on_delete=models.CASCADE,
        related_name="progress",
    )
    date = models.DateField("日期")
    content = models.TextField("进展情况", max_length=2000)
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）", validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "计划进展"
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="progress_percent_0_100",
                violation_error_message="完成进度须在 0 到 100 之间。",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.percent}%"


class ResearchNote(models.Model):
    """A research (调研) note attached to a work plan, optionally from a visit."""

    plan = models.ForeignKey(
        WorkPlan,
        verbose_name="工作计划",
        on_delete=models.CASCADE,
        related_name="notes",
    )
    date = models.DateField("调研日期")
    topic = models.CharField("调研主题", max_length=100)
    content = models.TextField("调研内容", max_length=5000)
    visit = models.ForeignKey(
        "fieldwork.Visit",
        verbose_name="关联到岗记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "调研记录"
        constraints = [
            models.CheckConstraint(
                condition=~Q(topic=""),
                name="research_note_topic_not_blank",
                violation_error_message="请填写调研主题。",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"
