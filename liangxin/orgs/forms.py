from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.core.validators import normalize_credit_code
from liangxin.orgs.models import Organization, PartyOrganization


class OrganizationForm(ScopedModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "credit_code",
            "kind",
            "committee",
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
        ]
        widgets = {"registered_on": forms.DateInput}

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])


class PartyOrganizationForm(ScopedModelForm):
    class Meta:
        model = PartyOrganization
        fields = [
            "name",
            "kind",
            "committee",
            "secretary",
            "formal_members",
            "probationary_members",
            "has_branch_committee",
            "founded_on",
            "term_started_on",
            "term_years",
        ]
        widgets = {"founded_on": forms.DateInput, "term_started_on": forms.DateInput}
