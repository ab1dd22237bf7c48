"""What orgs grants each role (see core.auth)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

for _role in Role.values:
    ROLE_PERMISSIONS[_role] |= {"orgs.view_organization", "orgs.view_partyorganization"}
for _role in (
    Role.COUNTY_ADMIN,
    Role.COMMITTEE_STAFF,
    Role.INSTRUCTOR,
    Role.AUDITOR,
):
    ROLE_PERMISSIONS[_role] |= {"orgs.view_partycommittee"}
ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= {
    "orgs.add_organization",
    "orgs.change_organization",
    "orgs.delete_organization",
    "orgs.add_partyorganization",
    "orgs.change_partyorganization",
    "orgs.add_partycommittee",
    "orgs.change_partycommittee",
}
ROLE_PERMISSIONS[Role.COMMITTEE_STAFF] |= {
    "orgs.add_organization",
    "orgs.change_organization",
    "orgs.add_partyorganization",
    "orgs.change_partyorganization",
}
