from django.db.models import Count

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
    Column("credit_code", "统一社会信用代码", css="col-wide"),
    Column("kind", "类型"),
    Column("committee.name", "管理党委", css="col-wide"),
    Column("industry", "行业"),
    Column("categories", "类别", css="col-wrap"),
    Column("employees", "从业人员数"),
    Column("formal_members", "正式党员数"),
    Column("party_organization.name", "所属党组织", css="col-wrap"),
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
        ctx = super().get_context_data(**kwargs)
        # the assigned instructors, visits, meetings… come from the apps holding them
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
        Column("committee.name", "上级党委", css="col-wide"),
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
