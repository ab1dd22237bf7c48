import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from liangxin.core.params import is_number
from liangxin.core.pdf import pdf_response
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column, FlagColumn
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.handbook import services
from liangxin.handbook.filters import HandbookEntryFilter, ProblemFilter, WorkPlanFilter
from liangxin.handbook.forms import (
    HandbookEntryForm,
    ProblemForm,
    ProgressForm,
    ResearchNoteForm,
    TransitionForm,
    WorkPlanForm,
)
from liangxin.handbook.models import HandbookEntry, Problem, Section, WorkPlan
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment, Instructor

# --- entries -------------------------------------------------------------------------------


class EntryList(ScopedListView):
    model = HandbookEntry
    filterset_class = HandbookEntryFilter
    title = "工作手册"
    related = ("instructor", "organization")
    create_url_name = "handbook:entry_create"
    columns = [
        Column("date", "日期", link=True),
        Column("section", "栏目"),
        Column("title", "标题"),
        Column("instructor.name", "指导员"),
        Column("organization.name", "两新组织"),
    ]


class EntryDetail(ScopedDetailView):
    model = HandbookEntry
    related = ("instructor", "organization", "visit")
    template_name = "handbook/entry_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = False  # entries are written once; a later entry supersedes
        ctx["problems"] = self.object.problems.all()
        return ctx


class EntryCreate(ScopedCreateView):
    model = HandbookEntry
    form_class = HandbookEntryForm
    title = "填写工作手册"
    success_url_name = "handbook:entry_list"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("section") in Section.values:
            initial["section"] = self.request.GET["section"]
        if is_number(org := self.request.GET.get("organization", "")):
            initial["organization"] = int(org)
        return initial

    def save(self, form):
        data = form.cleaned_data
        return services.record_entry(
            user=self.request.user,
            organization=data["organization"],
            section=data["section"],
            date=data["date"],
            title=data["title"],
            content=data["content"],
            visit=data.get("visit"),
        )


@require_GET
@login_required
@permission_required("handbook.view_handbookentry", raise_exception=True)
def organization_handbook(request, pk):
    """One organization's handbook: the four sections, the living profile newest first."""
    user = request.user
    organization = get_for_user(
        Organization.objects.select_related("committee"), user, pk=pk
    )
    entries = (
        HandbookEntry.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("instructor")
        .order_by("-date", "-id")
    )
    by_section = {value: [] for value in Section.values}
    for entry in entries:
        by_section[entry.section].append(entry)
    sections = [(value, label, by_section[value]) for value, label in Section.choices]
    problems = (
        Problem.objects.visible_to(user)
        .filter(organization=organization)
        .with_overdue()
        .select_related("instructor")
    )
    return render(
        request,
        "handbook/organization.html",
        {
            "title": f"{organization.name} 工作手册",
            "organization": organization,
            "sections": sections,
            "problems": problems,
            "plans": WorkPlan.objects.visible_to(user)
            .filter(organization=organization)
            .select_related("instructor"),
            "can_write": user.has_perm("handbook.add_handbookentry"),
            "current": Assignment.objects.active()
            .filter(organization=organization)
            .select_related("instructor")
            .first(),
            "year": timezone.localdate().year,
        },
    )


# --- problems ------------------------------------------------------------------------------


class ProblemList(ScopedListView):
    model = Problem
    filterset_class = ProblemFilter
    title = "问题和困难"
    related = ("instructor", "organization")
    create_url_name = "handbook:problem_create"
    columns = [
        Column("raised_on", "反映日期", link=True),
        Column("organization.name", "两新组织"),
        Column("category", "问题类别"),
        Column("raised_by_kind", "反映人类别"),
        Column("description", "问题描述"),
        Column("status", "办理状态"),
        FlagColumn("is_overdue", "逾期"),
        Column("instructor.name", "指导员"),
    ]

    def get_queryset(self):
        return super().get_queryset().with_overdue()


class ProblemDetail(ScopedDetailView):
    model = Problem
    related = ("instructor", "organization", "entry")
    template_name = "handbook/problem_detail.html"

    def get_object(self, queryset=None):
        qs = Problem.objects.with_overdue().select_related(*self.related)
        return get_for_user(qs, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = False
        ctx["can_move"] = self.request.user.has_perm(
            "handbook.change_problem"
        ) and services.can_move(self.request.user, self.object)
        ctx["transitions"] = self.object.transitions.select_related("by")
        return ctx


class ProblemCreate(ScopedCreateView):
    model = Problem
    form_class = ProblemForm
    title = "登记问题和困难"
    success_url_name = "handbook:problem_list"

    def save(self, form):
        data = form.cleaned_data
        return services.raise_problem(
            user=self.request.user,
            organization=data["organization"],
            raised_by_kind=data["raised_by_kind"],
            raised_by_name=data["raised_by_name"],
            category=data["category"],
            description=data["description"],
            raised_on=data["raised_on"],
        )


@require_POST
@login_required
@permission_required("handbook.change_problem", raise_exception=True)
def transition(request, pk):
    problem = get_for_user(
        Problem.objects.select_related("instructor"), request.user, pk=pk
    )
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要办理的状态。")
        return redirect(problem.get_absolute_url())
    data = form.cleaned_data
    try:
        step = services.move_problem(
            user=request.user,
            problem=problem,
            to=data["to"],
            note=data["note"],
            referred_to=data["referred_to"],
            resolution=data["resolution"],
            expected_version=data.get("version"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已办理：{step}")
    return redirect(problem.get_absolute_url())


# --- work plans ----------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = WorkPlan
    filterset_class = WorkPlanFilter
    title = "工作计划"
    related = ("instructor", "organization")
    create_url_name = "handbook:plan_create"
    columns = [
        Column("year", "年度", link=True),
        Column("organization.name", "两新组织"),
        Column("instructor.name", "指导员"),
        Column("goals", "目标"),
    ]


class PlanDetail(ScopedDetailView):
    model = WorkPlan
    related = ("instructor", "organization")
    template_name = "handbook/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        own = services.instructor_of(user)
        ctx["can_write"] = (
            own is not None
            and own.pk == self.object.instructor_id
            and user.has_perm("handbook.change_workplan")
        )
        ctx["can_edit"] = ctx["can_write"]
        ctx["progress"] = self.object.progress.all()
        ctx["notes"] = self.object.notes.select_related("visit")
        if ctx["can_write"]:
            ctx["progress_form"] = ProgressForm(initial={"date": timezone.localdate()})
            ctx["note_form"] = ResearchNoteForm(
                user=user, plan=self.object, initial={"date": timezone.localdate()}
            )
        return ctx


class PlanSaveMixin:
    model = WorkPlan
    form_class = WorkPlanForm
    success_url_name = "handbook:plan_list"

    def save(self, form):
        return services.save_plan(
            user=self.request.user,
            plan=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class PlanCreate(PlanSaveMixin, ScopedCreateView):
    title = "制定工作计划"


class PlanUpdate(PlanSaveMixin, ScopedUpdateView):
    title = "修改工作计划"


def _plan_for_writing(request, pk) -> WorkPlan:
    return get_for_user(
        WorkPlan.objects.select_related("organization"), request.user, pk=pk
    )


@require_POST
@login_required
@permission_required("handbook.change_workplan", raise_exception=True)
def add_progress(request, pk):
    plan = _plan_for_writing(request, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_progress(
                user=request.user,
                plan=plan,
                date=data["date"],
                content=data["content"],
                percent=data["percent"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记录进展。")
    else:
        messages.error(request, "请填写日期、完成进度（0–100）和进展情况。")
    return redirect(plan.get_absolute_url())


@require_POST
@login_required
@permission_required("handbook.change_workplan", raise_exception=True)
def add_note(request, pk):
    plan = _plan_for_writing(request, pk)
    form = ResearchNoteForm(request.POST, user=request.user, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_research_note(
                user=request.user,
                plan=plan,
                date=data["date"],
                topic=data["topic"],
                content=data["content"],
                visit=data.get("visit"),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记录调研。")
    else:
        messages.error(request, "请填写调研日期、主题和内容。")
    return redirect(plan.get_absolute_url())


# --- the yearly PDF ------------------------------------------------------------------------


def _chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (part numbers of the handbook, under 100)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def handbook_context(user, instructor: Instructor, year: int) -> dict:
    """Everything the user may see of an instructor's handbook for a year, per organization.
    A fixed number of queries, whatever the number of organizations or entries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = list(
        HandbookEntry.objects.visible_to(user)
        .filter(instructor=instructor, date__range=(first, last))
        .select_related("organization")
        .order_by("date", "id")
    )
    problems = list(
        Problem.objects.visible_to(user)
        .filter(instructor=instructor, raised_on__range=(first, last))
        .select_related("organization")
        .order_by("raised_on", "id")
    )
    plans = list(
        WorkPlan.objects.visible_to(user)
        .filter(instructor=instructor, year=year)
        .select_related("organization")
        .prefetch_related("progress", Prefetch("notes"))
    )
    assigned = list(
        instructor.assignments.filter(started_on__lte=last)
        .exclude(ended_on__lt=first)
        .select_related("organization", "committee")
    )
    orgs: dict[int, dict] = {}

    def org_block(organization):
        return orgs.setdefault(
            organization.pk,
            {
                "organization": organization,
                "profile": [],
                "thoughts": [],
                "work": [],
                "problem_entries": [],
                "problems": [],
                "plan": None,
                "assignment": None,
            },
        )

    for assignment in assigned:
        org_block(assignment.organization)["assignment"] = assignment
    for entry in entries:
        key = "problem_entries" if entry.section == Section.PROBLEMS else entry.section
        org_block(entry.organization)[key].append(entry)
    for problem in problems:
        org_block(problem.organization)["problems"].append(problem)
    for plan in plans:
        org_block(plan.organization)["plan"] = plan
    blocks = sorted(orgs.values(), key=lambda b: b["organization"].name)
    for index, block in enumerate(blocks, start=1):
        block["index"] = index
        block["cn_index"] = _chinese_number(index)
        block["latest_profile"] = block["profile"][-1] if block["profile"] else None
    return {
        "instructor": instructor,
        "year": year,
        "blocks": blocks,
        "printed_on": timezone.localdate(),
        "sections": dict(Section.choices),
    }


@require_GET
@login_required
@permission_required("handbook.view_handbookentry", raise_exception=True)
def handbook_pdf(request, instructor_id, year):
    """The whole handbook of an instructor for a year, laid out like the paper handbook."""
    user = request.user
    if not 2000 <= year <= 2100:
        raise Http404("年度无效。")
    instructor = get_for_user(
        Instructor.objects.select_related("unit", "committee"), user, pk=instructor_id
    )
    return pdf_response(
        "handbook/pdf/handbook.html",
        lambda: handbook_context(user, instructor, year),
        user=user,
        request=request,
        obj=instructor,
        filename=f"{instructor.name}-{year}年度工作手册.pdf",
        note=f"导出{instructor.name} {year}年度工作手册（PDF）",
    )
