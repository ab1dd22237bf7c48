"""What the roster grants each role (see core.auth)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

for _role in Role.values:
    ROLE_PERMISSIONS[_role] |= {"roster.view_instructor", "roster.view_assignment"}
for _role in set(Role.values) - {Role.ORG_CONTACT}:
    ROLE_PERMISSIONS[_role] |= {"roster.view_dispatchingunit"}
ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= {
    "roster.add_instructor",
    "roster.change_instructor",
    "roster.add_dispatchingunit",
    "roster.change_dispatchingunit",
    "roster.add_assignment",
    "roster.change_assignment",
}
ROLE_PERMISSIONS[Role.COMMITTEE_STAFF] |= {
    "roster.add_assignment",
    "roster.change_assignment",
}
