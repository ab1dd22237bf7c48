from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError, create_record
from liangxin.core.tables import Column
from liangxin.core.uploads import IMAGE_TYPES, private_file_response
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from liangxin.orgs.models import PartyCommittee, PartyOrganization
from liangxin.partylife import compliance as comp
from liangxin.partylife import services
from liangxin.partylife.coverage import coverage_trend as monthly_trend
from liangxin.partylife.filters import (
    CandidateFilter,
    ElectionFilter,
    MeetingFilter,
    ProcedureRunFilter,
    ServiceActivityFilter,
)
from liangxin.partylife.forms import (
    CandidateForm,
    ElectionForm,
    ExtensionForm,
    MeetingForm,
    ProcedureRunForm,
    ProcedureStepForm,
    ServiceActivityForm,
    ServiceThemeForm,
    StepForm,
)
from liangxin.partylife.models import (
    FORMS_BY_KIND,
    Candidate,
    Election,
    Meeting,
    MeetingKind,
    ProcedureForm,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    RunStatus,
    ServiceActivity,
    ServiceTheme,
)


def _year(request) -> int:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404("年度无效。")
    return year


def _party_orgs(request):
    """Party organizations in scope, optionally of one committee (404 outside the scope)."""
    qs = PartyOrganization.objects.visible_to(request.user).select_related("committee")
    committee = request.GET.get("committee", "")
    if committee:
        if not committee.isdigit() or not PartyCommittee.objects.visible_to(
                request.user).filter(pk=committee).exists():
            raise Http404("记录不存在或您无权查看。")
        qs = qs.filter(committee_id=committee)
    return qs.order_by("name", "pk"), committee


# --- meetings ----------------------------------------------------------------------------------

class MeetingList(ScopedListView):
    model = Meeting
    filterset_class = MeetingFilter
    title = "组织生活记录"
    related = ("party_organization",)
    create_url_name = "partylife:meeting_create"
    columns = [
        Column("date", "日期", link=True), Column("kind", "会议类型"), Column("topic", "主题"),
        Column("party_organization.name", "党组织"), Column("expected_count", "应到"),
        Column("present_count", "实到"), Column("instructor_attended", "指导员参加"),
    ]


class MeetingDetail(ScopedDetailView):
    model = Meeting
    related = ("party_organization", "entered_by")
    template_name = "partylife/meeting_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = services.can_write_for(self.request.user,
                                                 self.object.party_organization)
        return ctx


class MeetingSaveMixin:
    model = Meeting
    form_class = MeetingForm
    template_name = "partylife/meeting_form.html"  # multipart: the optional photo
    success_url_name = "partylife:meeting_list"

    def save(self, form):
        return services.save_meeting(user=self.request.user, meeting=form.instance,
                                     expected_version=form.cleaned_data.get("version"))


class MeetingCreate(MeetingSaveMixin, ScopedCreateView):
    title = "登记组织生活"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in MeetingKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial


class MeetingUpdate(MeetingSaveMixin, ScopedUpdateView):
    title = "修改组织生活记录"


# --- compliance calendar -----------------------------------------------------------------------

@require_GET
@login_required
@permission_required("partylife.view_meeting", raise_exception=True)
def calendar(request):
    """Party organizations × months for one kind of meeting: held, missing, still open."""
    user, today = request.user, timezone.localdate()
    year = _year(request)
    kind = request.GET.get("kind") or MeetingKind.COMMITTEE
    if kind not in MeetingKind.values:
        raise Http404("会议类型无效。")
    qs, committee = _party_orgs(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    party_orgs = list(page.object_list)
    rows = comp.compliance(party_orgs, year, today)
    ids = [po.pk for po in party_orgs]
    attendance = {
        r["party_organization_id"]: r for r in Meeting.objects.filter(
            party_organization_id__in=ids, kind=MeetingKind.ACTIVITY_DAY, date__year=year)
        .order_by().values("party_organization_id")
        .annotate(held=Count("pk"), attended=Count("pk", filter=Q(instructor_attended=True)))}
    grid = comp.grid_rows(rows, kind, today)
    for row, result in zip(grid, rows, strict=True):
        row["attendance"] = attendance.get(row["party_organization"].pk)
        obligations = result.obligations(end=today)
        row["missing"] = sum(1 for o in obligations if not o.met)
        row["rate"] = comp.rate_of(obligations)
    return render(request, "partylife/calendar.html", {
        "title": "组织生活落实情况", "year": year, "kind": kind, "kinds": MeetingKind.choices,
        "kind_label": MeetingKind(kind).label, "grid": grid, "page_obj": page,
        "months": range(1, 13), "committee": committee,
        "committees": PartyCommittee.objects.visible_to(user),
        "years": range(today.year - 2, today.year + 1),
    })


# --- terms and elections -----------------------------------------------------------------------

@require_GET
@login_required
@permission_required("partylife.view_election", raise_exception=True)
def terms(request):
    today = timezone.localdate()
    qs, committee = _party_orgs(request)
    state = request.GET.get("state", "")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    statuses = comp.term_statuses(list(page.object_list), today)
    if state in comp.TERM_LABELS:
        statuses = [s for s in statuses if s.state == state]
    return render(request, "partylife/terms.html", {
        "title": "任期与换届", "statuses": statuses, "page_obj": page, "state": state,
        "states": comp.TERM_LABELS.items(), "committee": committee,
        "committees": PartyCommittee.objects.visible_to(request.user),
        "can_extend": request.user.has_perm("partylife.add_termextension"),
        "extension_form": ExtensionForm(initial={"approved_on": today}),
    })


@require_POST
@login_required
@permission_required("partylife.add_termextension", raise_exception=True)
def extend_term(request, pk):
    po = get_for_user(PartyOrganization.objects, request.user, pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写延期月数（1–12）、批准日期、批准机关和原因。")
        return redirect("partylife:term_list")
    try:
        services.approve_extension(user=request.user, party_organization=po,
                                   **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记{po.name}延期换届。")
    return redirect("partylife:term_list")


class ElectionList(ScopedListView):
    model = Election
    filterset_class = ElectionFilter
    title = "换届选举"
    related = ("party_organization",)
    create_url_name = "partylife:election_create"
    columns = [
        Column("party_organization.name", "党组织", link=True), Column("term_due_on", "届满日期"),
        Column("request_on", "请示"), Column("approval_on", "批复"), Column("held_on", "选举"),
        Column("report_on", "报告"),
    ]


class ElectionDetail(ScopedDetailView):
    model = Election
    related = ("party_organization",)
    template_name = "partylife/election_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["checks"] = services.election_checks(self.object)
        ctx["can_edit"] = services.can_write_for(self.request.user,
                                                 self.object.party_organization)
        return ctx


class ElectionSaveMixin:
    model = Election
    form_class = ElectionForm
    success_url_name = "partylife:election_list"

    def save(self, form):
        return services.save_election(user=self.request.user, election=form.instance,
                                      expected_version=form.cleaned_data.get("version"))


class ElectionCreate(ElectionSaveMixin, ScopedCreateView):
    title = "登记换届选举"


class ElectionUpdate(ElectionSaveMixin, ScopedUpdateView):
    title = "修改换届选举"


# --- 发展党员 ----------------------------------------------------------------------------------

class CandidateList(ScopedListView):
    model = Candidate
    filterset_class = CandidateFilter
    title = "发展党员"
    related = ("party_organization",)
    create_url_name = "partylife:candidate_create"
    columns = [
        Column("name", "姓名", link=True), Column("party_organization.name", "党组织"),
        Column("current_step", "已完成步骤"), Column("status", "状态"),
    ]


class CandidateDetail(ScopedDetailView):
    model = Candidate
    related = ("party_organization",)
    template_name = "partylife/candidate_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        records = list(self.object.steps.all())
        ruleset = comp.candidate_ruleset(records, self.object.region_id, today)
        step_rules = comp.steps_by_ruleset([ruleset.pk])[ruleset.pk] if ruleset else []
        plan = comp.candidate_plan(ruleset, step_rules, records, today)
        ctx.update(ruleset=ruleset, plan=plan, can_edit=False,
                   can_write=services.can_write_for(self.request.user,
                                                    self.object.party_organization)
                   and self.object.status == "active",
                   next_step=next((v for v in plan if v.is_next), None),
                   step_form=StepForm(initial={"number": self.object.current_step + 1,
                                               "date": today}))
        return ctx


class CandidateCreate(ScopedCreateView):
    model = Candidate
    form_class = CandidateForm
    title = "登记发展党员对象"
    success_url_name = "partylife:candidate_list"

    def save(self, form):
        data = form.cleaned_data
        return services.add_candidate(user=self.request.user,
                                      party_organization=data["party_organization"],
                                      name=data["name"], note=data.get("note", ""))


@require_POST
@login_required
@permission_required("partylife.change_candidate", raise_exception=True)
def record_step(request, pk):
    candidate = get_for_user(Candidate.objects.select_related("party_organization"),
                             request.user, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写日期。")
        return redirect(candidate.get_absolute_url())
    try:
        services.record_step(user=request.user, candidate=candidate, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记。")
    return redirect(candidate.get_absolute_url())


@require_POST
@login_required
@permission_required("partylife.change_candidate", raise_exception=True)
def stop_candidate(request, pk):
    candidate = get_for_user(Candidate.objects.select_related("party_organization"),
                             request.user, pk=pk)
    try:
        services.stop_candidate(user=request.user, candidate=candidate,
                                reason=request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已终止发展。")
    return redirect(candidate.get_absolute_url())


# --- service to society ------------------------------------------------------------------------

class ServiceActivityList(ScopedListView):
    model = ServiceActivity
    filterset_class = ServiceActivityFilter
    title = "服务社会"
    related = ("organization",)
    create_url_name = "partylife:service_create"
    columns = [
        Column("date", "日期"), Column("title", "活动名称"), Column("organization.name", "两新组织"),
        Column("participants", "参与人数"), Column("beneficiaries", "受益人数"),
        Column("theme_names", "主题"),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")


class ServiceActivityCreate(ScopedCreateView):
    model = ServiceActivity
    form_class = ServiceActivityForm
    title = "登记服务社会活动"
    success_url_name = "partylife:service_list"

    def save(self, form):
        return services.save_service_activity(user=self.request.user, activity=form.instance,
                                              themes=form.cleaned_data["themes"])


class ThemeList(ScopedListView):
    model = ServiceTheme
    title = "服务社会主题"
    create_url_name = "partylife:theme_create"
    columns = [Column("name", "主题", link=True), Column("region", "区划"),
               Column("active", "启用")]

    def get_filterset_class(self):
        from django_filters import FilterSet

        class ThemeFilter(FilterSet):
            class Meta:
                model = ServiceTheme
                fields = ["active"]

        return ThemeFilter


class ThemeUpdate(ScopedUpdateView):
    model = ServiceTheme
    form_class = ServiceThemeForm
    title = "修改服务社会主题"
    success_url_name = "partylife:theme_list"


class ThemeCreate(ScopedCreateView):
    model = ServiceTheme
    form_class = ServiceThemeForm
    title = "新增服务社会主题"
    success_url_name = "partylife:theme_list"

    def save(self, form):
        if not self.request.user.region_id:
            raise ServiceError("您的账号未设置区划。")
        form.instance.region_id = self.request.user.region_id
        return create_record(user=self.request.user, instance=form.instance)


# --- the two coverages over time ---------------------------------------------------------------

@require_GET
@login_required
@permission_required("orgs.view_organization", raise_exception=True)
def coverage_trend(request):
    """组织覆盖 and 工作覆盖 month by month (county, committees, auditors); for everyone who
    sees organizations, those ready to found their own party organization."""
    from liangxin.orgs import services as org_services
    from liangxin.orgs.models import Organization, OrgStatus

    user, today = request.user, timezone.localdate()
    year = _year(request)
    through = 12 if year < today.year else today.month
    trend = None
    committee_id, category = None, request.GET.get("category") or None
    if user.has_role(*org_services.COVERAGE_ROLES):
        try:
            committee_id = org_services.coverage_committee(user, request.GET.get("committee"))
        except PartyCommittee.DoesNotExist:
            raise Http404("记录不存在或您无权查看。") from None
        qs = org_services.coverage_queryset(user, committee_id=committee_id, category=category)
        trend = monthly_trend(qs, year, through_month=through)
    elif not user.has_role("instructor"):
        raise Http404("记录不存在或您无权查看。")
    orgs = Organization.objects.visible_to(user).filter(status=OrgStatus.ACTIVE)
    if committee_id:
        orgs = orgs.filter(committee_id=committee_id)
    ready = org_services.ready_to_found(orgs).select_related("committee", "party_organization")
    return render(request, "partylife/coverage.html", {
        "title": "两个覆盖趋势", "year": year, "trend": trend, "ready": list(ready[:200]),
        "committee_id": committee_id, "category": category,
        "committees": PartyCommittee.objects.visible_to(user),
        "categories": [(k, label) for k, (_, label) in org_services.CATEGORY_FIELDS.items()],
        "chart": {
            "labels": [r["label"] for r in trend or []],
            "organization_rate": [r["organization_rate"] for r in trend or []],
            "own_rate": [r["own_rate"] for r in trend or []],
            "work_rate": [r["work_rate"] for r in trend or []],
            "founded": [r["founded"] for r in trend or []],
        },
        "years": range(today.year - 2, today.year + 1),
    })


# --- standard procedures (工作指南) -------------------------------------------------------------

class ProcedureList(ScopedListView):
    model = ProcedureRun
    filterset_class = ProcedureRunFilter
    title = "工作指南"
    related = ("party_organization",)
    create_url_name = "partylife:procedure_create"
    columns = [
        Column("party_organization.name", "党组织", link=True), Column("kind", "程序"),
        Column("topic", "主题"), Column("planned_on", "计划日期"),
        Column("current_step", "已完成步骤"), Column("status", "状态"),
    ]


def procedure_plan(run: ProcedureRun) -> list[dict]:
    """Every step of the run's template with its record; the next one is marked (2 queries)."""
    records = {r.number: r for r in run.records.select_related("entered_by")}
    steps = ProcedureStep.objects.filter(template_id=run.template_id).order_by("number")
    return [{"step": step, "record": records.get(step.number),
             "is_next": run.status == RunStatus.OPEN and step.number == run.current_step + 1}
            for step in steps]


class ProcedureDetail(ScopedDetailView):
    model = ProcedureRun
    related = ("party_organization__committee", "template", "election", "meeting", "started_by")
    template_name = "partylife/procedure_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run, user = self.object, self.request.user
        plan = procedure_plan(run)
        can_write = (user.has_perm("partylife.change_procedurerun")
                     and services.can_run_procedure(user, run.party_organization))
        ctx.update(
            plan=plan, next_step=next((p for p in plan if p["is_next"]), None),
            can_edit=can_write, can_write=can_write and run.status == RunStatus.OPEN,
            checks=services.election_checks(run.election) if run.election else None,
            forms=[(f.value, f.label) for f in FORMS_BY_KIND[ProcedureKind(run.kind)]],
            step_form=ProcedureStepForm(initial={
                "number": run.current_step + 1, "date": timezone.localdate(),
                "done_by": str(user)}),
        )
        return ctx


class ProcedureSaveMixin:
    model = ProcedureRun
    form_class = ProcedureRunForm
    success_url_name = "partylife:procedure_list"


class ProcedureCreate(ProcedureSaveMixin, ScopedCreateView):
    title = "开始办理工作指南程序"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in ProcedureKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def save(self, form):
        return services.start_procedure(user=self.request.user, run=form.instance)


class ProcedureUpdate(ProcedureSaveMixin, ScopedUpdateView):
    title = "修改办理信息"

    def save(self, form):
        return services.save_procedure(user=self.request.user, run=form.instance,
                                       expected_version=form.cleaned_data.get("version"))


@require_POST
@login_required
@permission_required("partylife.change_procedurerun", raise_exception=True)
def procedure_step(request, pk):
    run = get_for_user(ProcedureRun.objects.select_related("party_organization"),
                       request.user, pk=pk)
    form = ProcedureStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写完成日期和经办人。")
        return redirect(run.get_absolute_url())
    try:
        services.record_procedure_step(user=request.user, run=run, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记。")
    return redirect(run.get_absolute_url())


def procedure_form_context(run: ProcedureRun, form: str) -> dict:
    """What a printable form is filled with: the run, its party organization and records."""
    po = run.party_organization
    records = {r.number: r for r in run.records.all()}
    steps = {s.form: s for s in ProcedureStep.objects.filter(template_id=run.template_id)
             if s.form}
    step = steps.get(form)
    record = records.get(step.number) if step else None
    ctx = {"run": run, "po": po, "committee": po.committee, "election": run.election,
           "issuer": po.name if po.name.startswith("中共") else f"中共{po.name}",
           "year": (record.date if record else timezone.localdate()).year,
           "meeting": run.meeting, "form_label": ProcedureForm(form).label,
           "dated": record.date if record else None}
    if form == ProcedureForm.REQUEST:
        ctx["term_start"] = po.term_started_on
        ctx["term_due"] = po.term_due_on
    elif form == ProcedureForm.RESULT:
        ctx["checks"] = services.election_checks(run.election)
    else:
        meeting_step = records.get(2)
        ctx["held_on"] = run.meeting.date if run.meeting else (
            meeting_step.date if meeting_step else run.planned_on)
        ctx["items"] = run.rectification_items
    return ctx


@require_GET
@login_required
@permission_required("partylife.view_procedurerun", raise_exception=True)
def procedure_pdf(request, pk, form):
    """The printable forms: 换届选举请示, 选举结果报告, 组织生活会情况报告 (audited export)."""
    from liangxin.core.pdf import render_pdf

    run = get_for_user(ProcedureRun.objects.select_related(
        "party_organization__committee", "election", "meeting"), request.user, pk=pk)
    if form not in [f.value for f in FORMS_BY_KIND[ProcedureKind(run.kind)]]:
        raise Http404("该程序没有此表单。")
    if form == ProcedureForm.RESULT and run.election is None:
        messages.info(request, "请先登记换届选举记录并在办理信息中关联，再打印选举结果报告。")
        return redirect(run.get_absolute_url())
    pdf = render_pdf(f"partylife/pdf/{form}.html", procedure_form_context(run, form))
    audit.log(user=request.user, action=AuditAction.EXPORT, obj=run,
              note=f"打印{ProcedureForm(form).label}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="procedure-{run.pk}-{form}.pdf"'
    return response


@login_required
@permission_required("partylife.view_meeting", raise_exception=True)
def meeting_photo(request, pk):
    """A meeting's photo, to those who may see the meeting (404 otherwise)."""
    meeting = get_for_user(Meeting.objects, request.user, pk=pk)
    return private_file_response(meeting.photo, types=IMAGE_TYPES)
