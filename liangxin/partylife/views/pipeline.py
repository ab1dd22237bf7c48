"""发展党员: candidates and their steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView
from liangxin.partylife import compliance as comp
from liangxin.partylife.filters import CandidateFilter
from liangxin.partylife.forms import CandidateForm, StepForm
from liangxin.partylife.models import Candidate
from liangxin.partylife.services import pipeline as pipeline_services
from liangxin.partylife.services.base import can_write_for


class CandidateList(ScopedListView):
    model = Candidate
    filterset_class = CandidateFilter
    title = "发展党员"
    related = ("party_organization",)
    create_url_name = "partylife:candidate_create"
    columns = [
        Column("name", "姓名", link=True),
        Column("party_organization.name", "党组织"),
        Column("current_step", "已完成步骤"),
        Column("status", "状态"),
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
        ctx.update(
            ruleset=ruleset,
            plan=plan,
            can_edit=False,
            can_write=can_write_for(self.request.user, self.object.party_organization)
            and self.object.status == "active",
            next_step=next((v for v in plan if v.is_next), None),
            step_form=StepForm(
                initial={"number": self.object.current_step + 1, "date": today}
            ),
        )
        return ctx


class CandidateCreate(ScopedCreateView):
    model = Candidate
    form_class = CandidateForm
    title = "登记发展党员对象"
    success_url_name = "partylife:candidate_list"

    def save(self, form):
        data = form.cleaned_data
        return pipeline_services.add_candidate(
            user=self.request.user,
            party_organization=data["party_organization"],
            name=data["name"],
            birth_date=data.get("birth_date"),
            note=data.get("note", ""),
        )


@require_POST
@login_required
@permission_required("partylife.change_candidate", raise_exception=True)
def record_step(request, pk):
    candidate = get_for_user(
        Candidate.objects.select_related("party_organization"), request.user, pk=pk
    )
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写日期。")
        return redirect(candidate.get_absolute_url())
    try:
        pipeline_services.record_step(
            user=request.user, candidate=candidate, **form.cleaned_data
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记。")
    return redirect(candidate.get_absolute_url())


@require_POST
@login_required
@permission_required("partylife.change_candidate", raise_exception=True)
def stop_candidate(request, pk):
    candidate = get_for_user(
        Candidate.objects.select_related("party_organization"), request.user, pk=pk
    )
    try:
        pipeline_services.stop_candidate(
            user=request.user,
            candidate=candidate,
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已终止发展。")
    return redirect(candidate.get_absolute_url())
