"""Standard procedures (工作指南): runs, their steps and printable forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.partylife.filters import ProcedureRunFilter
from liangxin.partylife.forms import ProcedureRunForm, ProcedureStepForm
from liangxin.partylife.models import (
    FORMS_BY_KIND,
    ProcedureForm,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    RunStatus,
)
from liangxin.partylife.services import procedures as procedure_services
from liangxin.partylife.services import terms as term_services


class ProcedureList(ScopedListView):
    model = ProcedureRun
    filterset_class = ProcedureRunFilter
    title = "工作指南"
    related = ("party_organization",)
    create_url_name = "partylife:procedure_create"
    columns = [
        Column("party_organization.name", "党组织", link=True),
        Column("kind", "程序"),
        Column("topic", "主题"),
        Column("planned_on", "计划日期"),
        Column("current_step", "已完成步骤"),
        Column("status", "状态"),
    ]


def procedure_plan(run: ProcedureRun) -> list[dict]:
    """Every step of the run's template with its record; the next one is marked (2 queries)."""
    records = {r.number: r for r in run.records.select_related("entered_by")}
    steps = ProcedureStep.objects.filter(template_id=run.template_id).order_by("number")
    return [
        {
            "step": step,
            "record": records.get(step.number),
            "is_next": run.status == RunStatus.OPEN
            and step.number == run.current_step + 1,
        }
        for step in steps
    ]


class ProcedureDetail(ScopedDetailView):
    model = ProcedureRun
    related = (
        "party_organization__committee",
        "template",
        "election",
        "meeting",
        "started_by",
    )
    template_name = "partylife/procedure_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run, user = self.object, self.request.user
        plan = procedure_plan(run)
        can_write = user.has_perm(
            "partylife.change_procedurerun"
        ) and procedure_services.can_run_procedure(user, run.party_organization)
        ctx.update(
            plan=plan,
            next_step=next((p for p in plan if p["is_next"]), None),
            can_edit=can_write,
            can_write=can_write and run.status == RunStatus.OPEN,
            checks=term_services.election_checks(run.election)
            if run.election
            else None,
            forms=[(f.value, f.label) for f in FORMS_BY_KIND[ProcedureKind(run.kind)]],
            step_form=ProcedureStepForm(
                initial={
                    "number": run.current_step + 1,
                    "date": timezone.localdate(),
                    "done_by": str(user),
                }
            ),
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
        return procedure_services.start_procedure(
            user=self.request.user, run=form.instance
        )


class ProcedureUpdate(ProcedureSaveMixin, ScopedUpdateView):
    title = "修改办理信息"

    def save(self, form):
        return procedure_services.save_procedure(
            user=self.request.user,
            run=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


@require_POST
@login_required
@permission_required("partylife.change_procedurerun", raise_exception=True)
def procedure_step(request, pk):
    run = get_for_user(
        ProcedureRun.objects.select_related("party_organization"), request.user, pk=pk
    )
    form = ProcedureStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写完成日期和经办人。")
        return redirect(run.get_absolute_url())
    try:
        procedure_services.record_procedure_step(
            user=request.user, run=run, **form.cleaned_data
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记。")
    return redirect(run.get_absolute_url())


def procedure_form_context(run: ProcedureRun, form: str) -> dict:
    """What a printable form is filled with: the run, its party organization and records."""
    po = run.party_organization
    records = {r.number: r for r in run.records.all()}
    steps = {
        s.form: s
        for s in ProcedureStep.objects.filter(template_id=run.template_id)
        if s.form
    }
    step = steps.get(form)
    record = records.get(step.number) if step else None
    ctx = {
        "run": run,
        "po": po,
        "committee": po.committee,
        "election": run.election,
        "issuer": po.name if po.name.startswith("中共") else f"中共{po.name}",
        "year": (record.date if record else timezone.localdate()).year,
        "meeting": run.meeting,
        "form_label": ProcedureForm(form).label,
        "dated": record.date if record else None,
    }
    if form == ProcedureForm.REQUEST:
        ctx["term_start"] = po.term_started_on
        ctx["term_due"] = po.term_due_on
    elif form == ProcedureForm.RESULT:
        ctx["checks"] = term_services.election_checks(run.election)
    else:
        meeting_step = records.get(2)
        ctx["held_on"] = (
            run.meeting.date
            if run.meeting
            else (meeting_step.date if meeting_step else run.planned_on)
        )
        ctx["items"] = run.rectification_items
    return ctx


@require_GET
@login_required
@permission_required("partylife.view_procedurerun", raise_exception=True)
def procedure_pdf(request, pk, form):
    """The printable forms: 换届选举请示, 选举结果报告, 组织生活会情况报告 (audited export)."""
    from liangxin.core.pdf import pdf_response

    run = get_for_user(
        ProcedureRun.objects.select_related(
            "party_organization__committee", "election", "meeting"
        ),
        request.user,
        pk=pk,
    )
    if form not in [f.value for f in FORMS_BY_KIND[ProcedureKind(run.kind)]]:
        raise Http404("该程序没有此表单。")
    if form == ProcedureForm.RESULT and run.election is None:
        messages.info(
            request, "请先登记换届选举记录并在办理信息中关联，再打印选举结果报告。"
        )
        return redirect(run.get_absolute_url())
    label = ProcedureForm(form).label
    return pdf_response(
        f"partylife/pdf/{form}.html",
        lambda: procedure_form_context(run, form),
        user=request.user,
        request=request,
        obj=run,
        filename=f"{run.party_organization}-{label}.pdf",
        note=f"打印{label}",
    )
