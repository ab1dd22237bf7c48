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


api.register("organizations", OrganizationViewSet, basename="organization")
api.register(
    "party-organizations", PartyOrganizationViewSet, basename="party-organization"
)
api.register("committees", PartyCommitteeViewSet, basename="committee")
