from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.orgs.models import Organization, PartyCommittee, PartyOrganization


@admin.register(PartyCommittee)
class PartyCommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "credit_code", "kind", "committee", "status"]
    list_filter = ["kind", "status", "committee"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["party_organization"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "committee", "formal_members"]
    list_filter = ["kind"]
    search_fields = ["name"]
