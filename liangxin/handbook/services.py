"""Writing the handbook. Only the instructor posted to an organization writes its handbook
(on a date their assignment covers); committees, the county and the others only read."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.fieldwork.models import Visit
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ProblemStatus,
    ProblemTransition,
    ResearchNote,
    WorkPlan,
    WorkPlanProgress,
)
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment, Instructor


def instructor_of(user) -> Instructor | None:
    if not user.is_authenticated:
        return None
    return Instructor.objects.filter(user=user, user__isnull=False).first()


def _require_instructor(user) -> Instructor:
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员本人可以填写工作手册。")
    return instructor


def _check_assigned(
    instructor: Instructor,
    organization: Organization,
    first: datetime.date,
    last: datetime.date | None = None,
) -> None:
    """The instructor was posted to the organization (active or ended) on some day in
    first..last; a day in the future is refused."""
    last = last or first
    assignments = Assignment.objects.filter(
        instructor=instructor, organization=organization
    )
    covering = assignments.filter(started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    if not covering.exists():
        if assignments.exists():
            raise ServiceError("该日期不在您派驻该组织的期间内。", field="date")
        raise ServiceError("该组织不是您派驻的组织。", field="organization")


def _check_date(date: datetime.date, field: str = "date") -> None:
    if date is None:
        raise ServiceError("请填写日期。", field=field)
    if date > timezone.localdate():
        raise ServiceError("日期不能晚于今天。", field=field)


def _check_visit(
    visit: Visit | None, instructor: Instructor, organization: Organization
):
    if visit is not None and (
        visit.instructor_id != instructor.pk or visit.organization_id != organization.pk
    ):
        raise ServiceError("所选到岗记录不是您在该组织的到岗记录。", field="visit")


def _required(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    return value


def _service_error(exc: ValidationError, model) -> ServiceError:
    """The first validation message, named by its field's Chinese label."""
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        message = errors[0].messages[0]
        try:
            return ServiceError(
                f"{model._meta.get_field(name).verbose_name}：{message}", field=name
            )
        except LookupError:
            return ServiceError(message)
    return ServiceError(exc.messages[0])


def _create(*, user, instance, note: str = ""):
    try:
        return create_record(user=user, instance=instance, note=note)
    except ValidationError as exc:
        raise _service_error(exc, type(instance)) from exc


def record_entry(
    *,
    user,
    organization: Organization,
    section: str,
    date: datetime.date,
    title: str,
    content: str,
    visit: Visit | None = None,
) -> HandbookEntry:
    """Write an entry in one of the four sections of the user's own handbook."""
    instructor = _require_instructor(user)
    _check_date(date)
    _check_assigned(instructor, organization, date)
    _check_visit(visit, instructor, organization)
    entry = HandbookEntry(
        region_id=organization.region_id,
        instructor=instructor,
        organization=organization,
        section=section,
        date=date,
        title=_required(title, "请填写标题。", "title"),
        content=_required(content, "请填写内容。", "content"),
        visit=visit,
    )
    return _create(
        user=user, instance=entry, note=f"填写工作手册：{entry.get_section_display()}"
    )


def raise_problem(
    *,
    user,
    organization: Organization,
    raised_by_kind: str,
    category: str,
    description: str,
    raised_on: datetime.date,
    raised_by_name: str = "",
    entry: HandbookEntry | None = None,
) -> Problem:
    """Record a problem or difficulty raised by people at one of the user's organizations."""
    instructor = _require_instructor(user)
    _check_date(raised_on, "raised_on")
    try:
        _check_assigned(instructor, organization, raised_on)
    except ServiceError as exc:
        raise ServiceError(
            exc.message, field="raised_on" if exc.field == "date" else exc.field
        )
    if entry is not None and (
        entry.instructor_id != instructor.pk or entry.organization_id != organization.pk
    ):
        raise ServiceError("所选手册记录不是您在该组织的记录。", field="entry")
    problem = Problem(
        region_id=organization.region_id,
        instructor=instructor,
        organization=organization,
        raised_by_kind=raised_by_kind,
        raised_by_name=(raised_by_name or "").strip(),
        category=category,
        raised_on=raised_on,
        entry=entry,
        description=_required(description, "请填写问题描述。", "description"),
    )
    return _create(user=user, instance=problem, note="登记问题和困难")


def can_move(user, problem: Problem) -> bool:
    """Only the instructor who recorded a problem moves it along."""
    return (
        user.is_authenticated
        and problem.instructor.user_id is not None
        and problem.instructor.user_id == user.pk
    )


def move_problem(
    *,
    user,
    problem: Problem,
    to: str,
    note: str = "",
    referred_to: str = "",
    resolution: str = "",
    expected_version: int | None = None,
) -> ProblemTransition:
    """Move a problem through its lifecycle (the model guards the move), audited."""
    if not can_move(user, problem):
        raise ServiceError("只有负责该问题的指导员可以办理。")
    step = problem.transition(
        to,
        by=user,
        note=note,
        referred_to=referred_to,
        resolution=resolution,
        expected_version=expected_version,
        audit_note=f"问题办理：{problem.get_status_display()} → "
        f"{ProblemStatus(to).label if to in ProblemStatus.values else to}"
        + (f"；{note.strip()}" if (note or "").strip() else ""),
    )
    return step


def _plan_year_ok(year: int) -> None:
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ServiceError(f"年度须在 2000 至 {this_year + 1} 之间。", field="year")


def save_plan(*, user, plan: WorkPlan, expected_version: int | None = None) -> WorkPlan:
    """Create or edit the user's own work plan for an organization and year."""
    instructor = _require_instructor(user)
    if plan.pk is not None and plan.instructor_id != instructor.pk:
        raise ServiceError("只能编辑您本人的工作计划。")
    _plan_year_ok(plan.year)
    _check_assigned(
        instructor,
        plan.organization,
        datetime.date(plan.year, 1, 1),
        datetime.date(plan.year, 12, 31),
    )
    plan.instructor = instructor
    plan.region_id = plan.organization.region_id
    plan.goals = _required(plan.goals, "请填写目标。", "goals")
    plan.measures = _required(plan.measures, "请填写措施。", "measures")
    if plan.pk is None:
        if WorkPlan.objects.filter(
            instructor=instructor, organization=plan.organization, year=plan.year
        ).exists():
            raise ServiceError(
                "您该年度已有该组织的工作计划，请直接编辑。", field="year"
            )
        return _create(user=user, instance=plan, note="制定工作计划")
    try:
        return update_record(
            user=user,
            instance=plan,
            expected_version=expected_version,
            note="修改工作计划",
        )
    except ValidationError as exc:
        raise _service_error(exc, WorkPlan) from exc


def _own_plan(user, plan: WorkPlan) -> Instructor:
    instructor = _require_instructor(user)
    if plan.instructor_id != instructor.pk:
        raise ServiceError("只能在您本人的工作计划中记录。")
    return instructor


def _add_to_plan(*, user, plan: WorkPlan, row, note: str):
    """Children of a plan are audited against the plan's region (they have no region)."""
    try:
        with transaction.atomic():
            row.full_clean()
            row.save()
            audit.log(
                user=user,
                action=AuditAction.CREATE,
                obj=row,
                after=audit.snapshot(row),
                note=note,
                region_id=plan.region_id,
            )
    except ValidationError as exc:
        raise _service_error(exc, type(row)) from exc
    except IntegrityError as exc:
        raise ServiceError("保存失败：数据与已有记录冲突，请检查后重试。") from exc
    return row


def add_progress(
    *, user, plan: WorkPlan, date: datetime.date, content: str, percent: int
) -> WorkPlanProgress:
    _own_plan(user, plan)
    _check_date(date)
    if date.year != plan.year:
        raise ServiceError(f"进展日期须在计划年度（{plan.year}年）内。", field="date")
    if percent is None or not 0 <= int(percent) <= 100:
        raise ServiceError("完成进度须在 0 到 100 之间。", field="percent")
    row = WorkPlanProgress(
        plan=plan,
        date=date,
        percent=int(percent),
        content=_required(content, "请填写进展情况。", "content"),
    )
    return _add_to_plan(user=user, plan=plan, row=row, note=f"记录计划进展：{plan}")


def add_research_note(
    *,
    user,
    plan: WorkPlan,
    date: datetime.date,
    topic: str,
    content: str,
    visit: Visit | None = None,
) -> ResearchNote:
    instructor = _own_plan(user, plan)
    _check_date(date)
    _check_visit(visit, instructor, plan.organization)
    row = ResearchNote(
        plan=plan,
        date=date,
        visit=visit,
        topic=_required(topic, "请填写调研主题。", "topic"),
        content=_required(content, "请填写调研内容。", "content"),
    )
    return _add_to_plan(user=user, plan=plan, row=row, note=f"记录调研：{plan}")
