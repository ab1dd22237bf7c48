from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from liangxin.core.records import sections_for
from liangxin.core.tables import Column
from liangxin.core.views import (
    ImportView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.orgs import services
from liangxin.orgs.filters import (
    CommitteeFilter,
    OrganizationFilter,
    PartyOrganizationFilter,
)
from liangxin.orgs.forms import OrganizationForm, PartyOrganizationForm
from liangxin.orgs.imports import OrganizationImport
from liangxin.orgs.models import Organization, PartyCommittee, PartyOrganization

ORGANIZATION_COLUMNS = [
    Column("name", "名称", link=True),
    Column("credit_code", "统一社会信用代码"),
    Column("kind", "类型"),
    Column("committee.name", "管理党委"),
    Column("industry", "行业"),
    Column("categories", "类别"),
    Column("employees", "从业人员数"),
    Column("formal_members", "正式党员数"),
    Column("party_organization.name", "所属党组织"),
    Column("status", "经营状态"),
]


class OrganizationList(ScopedListView):
    model = Organization
    filterset_class = OrganizationFilter
    title = "两新组织"
    related = ("committee", "party_organization")
    columns = ORGANIZATION_COLUMNS
    create_url_name = "orgs:organization_create"
    import_url_name = "orgs:organization_import"


class OrganizationDetail(ScopedDetailView):
    model = Organization
    related = ("committee", "party_organization", "region")
    template_name = "orgs/organization_detail.html"

    def get_context_data(self, **kwargs):
        from liangxin.roster.models import Assignment

        ctx = super().get_context_data(**kwargs)
        ctx["assignments"] = (
            Assignment.objects.visible_to(self.request.user)
            .filter(organization=self.object)
            .select_related("instructor", "instructor__unit")
        )
        ctx["can_assign"] = self.request.user.has_perm("roster.add_assignment")
        ctx["has_active"] = any(a.ended_on is None for a in ctx["assignments"])
        ctx["sections"] = sections_for(self.request.user, self.object)
        return ctx


class OrganizationSaveMixin:
    model = Organization
    form_class = OrganizationForm
    success_url_name = "orgs:organization_list"

    def save(self, form):
        return services.save_organization(
            user=self.request.user,
            organization=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class OrganizationCreate(OrganizationSaveMixin, ScopedCreateView):
    title = "登记两新组织"


class OrganizationUpdate(OrganizationSaveMixin, ScopedUpdateView):
    title = "编辑两新组织"


class OrganizationImportView(ImportView):
    model = Organization
    spec_class = OrganizationImport
    list_url_name = "orgs:organization_list"


class PartyOrganizationList(ScopedListView):
    model = PartyOrganization
    filterset_class = PartyOrganizationFilter
    title = "党组织"
    related = ("committee",)
    create_url_name = "orgs:partyorganization_create"
    columns = [
        Column("name", "名称", link=True),
        Column("kind", "类型"),
        Column("committee.name", "上级党委"),
        Column("secretary", "书记"),
        Column("formal_members", "正式党员"),
        Column("probationary_members", "预备党员"),
        Column("has_branch_committee", "设支委会"),
        Column("term_started_on", "任期开始"),
        Column("term_due_on", "届满日期"),
    ]


class PartyOrganizationDetail(ScopedDetailView):
    model = PartyOrganization
    related = ("committee",)
    template_name = "orgs/partyorganization_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organizations"] = Organization.objects.visible_to(
            self.request.user
        ).filter(party_organization=self.object)
        return ctx


class PartyOrganizationSaveMixin:
    model = PartyOrganization
    form_class = PartyOrganizationForm
    success_url_name = "orgs:partyorganization_list"

    def save(self, form):
        return services.save_party_organization(
            user=self.request.user,
            party_organization=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class PartyOrganizationCreate(PartyOrganizationSaveMixin, ScopedCreateView):
    title = "新建党组织"


class PartyOrganizationUpdate(PartyOrganizationSaveMixin, ScopedUpdateView):
    title = "编辑党组织"


class CommitteeList(ScopedListView):
    model = PartyCommittee
    filterset_class = CommitteeFilter
    title = "行业党委"
    related = ("region",)
    columns = [
        Column("name", "名称"),
        Column("kind", "类别"),
        Column("region.name", "区划"),
        Column("organization_count", "管理组织数"),
        Column("instructor_count", "指导员数"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                organization_count=Count("organizations", distinct=True),
                instructor_count=Count("instructors", distinct=True),
            )
            .order_by("region", "kind")
        )


@login_required
@permission_required("orgs.view_organization", raise_exception=True)
def coverage(request):
    """Coverage per committee and category: uncovered organizations first, rates and alerts."""
    user = request.user
    try:
        committee_id = services.coverage_committee(user, request.GET.get("committee"))
    except PartyCommittee.DoesNotExist:
        raise Http404("记录不存在或您无权查看。") from None
    committees = PartyCommittee.objects.visible_to(user)
    category = request.GET.get("category") or None
    qs = services.coverage_queryset(user, committee_id=committee_id, category=category)
    organizations = qs.select_related("committee", "party_organization").order_by(
        "has_instructor", "-is_above_scale", "-is_key", "name"
    )
    return render(
        request,
        "orgs/coverage.html",
        {
            "title": "覆盖情况",
            "committees": committees,
            "committee_id": committee_id,
            "category": category,
            "categories": [
                (k, label) for k, (_, label) in services.CATEGORY_FIELDS.items()
            ],
            "figures": services.coverage_figures(qs),
            "by_committee": services.coverage_by_committee(
                services.coverage_queryset(user, category=category)
            ),
            "page_obj": Paginator(organizations, 50).get_page(request.GET.get("page")),
            "alerts": services.coverage_alerts(user, committee_id=committee_id),
        },
    )
