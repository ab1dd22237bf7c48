"""Terms of office, their extensions, and elections (换届)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
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
from liangxin.orgs.models import PartyCommittee, PartyOrganization
from liangxin.partylife import compliance as comp
from liangxin.partylife.filters import ElectionFilter
from liangxin.partylife.forms import ElectionForm, ExtensionForm
from liangxin.partylife.models import Election
from liangxin.partylife.services import terms as term_services
from liangxin.partylife.services.base import can_write_for
from liangxin.partylife.views.base import _party_orgs


@require_GET
@login_required
@permission_required("partylife.view_election", raise_exception=True)
def terms(request):
    today = timezone.localdate()
    qs, committee = _party_orgs(request)
    state = request.GET.get("state", "")
    if state in comp.TERM_LABELS:  # the state is computed: filter first, then page
        matching = [s for s in comp.term_statuses(list(qs), today) if s.state == state]
        page = Paginator(matching, 50).get_page(request.GET.get("page"))
        statuses = list(page.object_list)
    else:
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        statuses = comp.term_statuses(list(page.object_list), today)
    can_extend = request.user.has_perm("partylife.add_termextension")
    if can_extend:  # one form a row, with ids of its own
        for s in statuses:
            s.extension_form = ExtensionForm(
                initial={"approved_on": today},
                auto_id=f"id_%s_{s.party_organization.pk}",
            )
    return render(
        request,
        "partylife/terms.html",
        {
            "title": "任期与换届",
            "statuses": statuses,
            "page_obj": page,
            "row_count": page.paginator.count,
            "state": state,
            "states": comp.TERM_LABELS.items(),
            "party_org": request.GET.get("party_org", ""),
            "committee": committee,
            "committees": PartyCommittee.objects.visible_to(request.user),
            "can_extend": can_extend,
        },
    )


@require_POST
@login_required
@permission_required("partylife.add_termextension", raise_exception=True)
def extend_term(request, pk):
    po = get_for_user(PartyOrganization.objects, request.user, pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "请完整填写延期月数（1–12）、批准日期、批准机关和原因。"
        )
        return redirect("partylife:term_list")
    try:
        term_services.approve_extension(
            user=request.user, party_organization=po, **form.cleaned_data
        )
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
        Column("party_organization.name", "党组织", link=True),
        Column("term_due_on", "届满日期"),
        Column("request_on", "请示"),
        Column("approval_on", "批复"),
        Column("held_on", "选举"),
        Column("report_on", "报告"),
    ]


class ElectionDetail(ScopedDetailView):
    model = Election
    related = ("party_organization",)
    template_name = "partylife/election_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["checks"] = term_services.election_checks(self.object)
        ctx["can_edit"] = can_write_for(
            self.request.user, self.object.party_organization
        )
        return ctx


class ElectionSaveMixin:
    model = Election
    form_class = ElectionForm
    success_url_name = "partylife:election_list"

    def save(self, form):
        return term_services.save_election(
            user=self.request.user,
            election=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class ElectionCreate(ElectionSaveMixin, ScopedCreateView):
    title = "登记换届选举"


class ElectionUpdate(ElectionSaveMixin, ScopedUpdateView):
    title = "修改换届选举"
