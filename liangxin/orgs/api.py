from django.http import Http404
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.api import SafeModelSerializer, ScopedViewSet, ServiceModelViewSet
from liangxin.orgs import services
from liangxin.orgs.filters import OrganizationFilter, PartyOrganizationFilter
from liangxin.orgs.forms import OrganizationForm, PartyOrganizationForm
from liangxin.orgs.models import Organization, PartyCommittee, PartyOrganization


class PartyCommitteeSerializer(SafeModelSerializer):
    class Meta:
        model = PartyCommittee
        fields = ["id", "region", "kind", "name"]


class OrganizationSerializer(SafeModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id",
            "region",
            "committee",
            "name",
            "credit_code",
            "kind",
            "industry",
            "is_above_scale",
            "is_key",
            "is_entity_social",
            "employees",
            "legal_person",
            "address",
            "status",
            "registered_on",
            "formal_members",
            "probationary_members",
            "party_organization",
            "latitude",
            "longitude",
            "version",
        ]
        read_only_fields = ["region", "version"]


class PartyOrganizationSerializer(SafeModelSerializer):
    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "region",
            "committee",
            "name",
            "kind",
            "secretary",
            "formal_members",
            "probationary_members",
            "has_branch_committee",
            "founded_on",
            "term_started_on",
            "term_years",
            "term_due_on",
            "version",
        ]
        read_only_fields = ["region", "version", "term_due_on"]


class PartyCommitteeViewSet(ScopedViewSet):
    queryset = PartyCommittee.objects.all()
    serializer_class = PartyCommitteeSerializer


class OrganizationViewSet(ServiceModelViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    form_class = OrganizationForm
    related = ("committee",)

    def perform_save(self, instance, expected_version):
        return services.save_organization(
            user=self.request.user,
            organization=instance,
            expected_version=expected_version,
        )


class PartyOrganizationViewSet(ServiceModelViewSet):
    queryset = PartyOrganization.objects.all()
    serializer_class = PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilter
    form_class = PartyOrganizationForm

    def perform_save(self, instance, expected_version):
        return services.save_party_organization(
            user=self.request.user,
            party_organization=instance,
            expected_version=expected_version,
        )


def _figures(f: services.CoverageFigures) -> dict:
    return {
        "total": f.total,
        "with_instructor": f.with_instructor,
        "without_instructor": f.without_instructor,
        "own": f.own,
        "joint": f.joint,
        "work_covered": f.work_covered,
        "instructor_rate": f.instructor_rate,
        "organization_rate": f.organization_rate,
        "own_rate": f.own_rate,
        "work_rate": f.work_rate,
    }


def coverage_response(request, extend=None) -> Response:
    """The coverage figures, per committee, uncovered organizations and alerts; `extend(request,
    qs)` lets a higher app add keys (liangxin.partylife adds the monthly trend)."""
    user = request.user
    try:
        committee_id = services.coverage_committee(
            user, request.query_params.get("committee")
        )
    except PartyCommittee.DoesNotExist:
        raise Http404 from None
    category = request.query_params.get("category") or None
    qs = services.coverage_queryset(user, committee_id=committee_id, category=category)
    alerts = services.coverage_alerts(user, committee_id=committee_id)
    return Response(
        {
            "figures": _figures(services.coverage_figures(qs)),
            "by_committee": [
                {
                    "committee": r["committee_id"],
                    "name": r["committee"],
                    **_figures(r["figures"]),
                }
                for r in services.coverage_by_committee(
                    services.coverage_queryset(user, category=category)
                )
            ],
            "uncovered": list(
                qs.filter(has_instructor=False).values("id", "name")[:1000]
            ),
            "alerts": {
                key: [{"id": o.pk, "name": o.name} for o in items]
                for key, items in alerts.items()
            },
            **(extend(request, qs) if extend else {}),
        }
    )


api.register("organizations", OrganizationViewSet, basename="organization")
api.register(
    "party-organizations", PartyOrganizationViewSet, basename="party-organization"
)
api.register("committees", PartyCommitteeViewSet, basename="committee")
