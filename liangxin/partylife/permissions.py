"""What party life grants each role (see core.auth: roles grant model permissions; rows are
scoped separately by `visible_to`)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

# partylife (干的实): contacts and instructors record party life; committees approve extensions
_PARTYLIFE_READ = {
    "partylife.view_meeting",
    "partylife.view_election",
    "partylife.view_candidate",
    "partylife.view_serviceactivity",
    "partylife.view_servicetheme",
    "partylife.view_termextension",
}
_PARTYLIFE_WRITE = {
    "partylife.add_meeting",
    "partylife.change_meeting",
    "partylife.add_election",
    "partylife.change_election",
    "partylife.add_candidate",
    "partylife.change_candidate",
    "partylife.add_serviceactivity",
    "partylife.change_serviceactivity",
}
for _role in Role.values:
    ROLE_PERMISSIONS[_role] |= _PARTYLIFE_READ
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= _PARTYLIFE_WRITE
ROLE_PERMISSIONS[Role.ORG_CONTACT] |= _PARTYLIFE_WRITE
ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= {
    "partylife.add_termextension",
    "partylife.add_servicetheme",
    "partylife.change_servicetheme",
}
ROLE_PERMISSIONS[Role.COMMITTEE_STAFF] |= {"partylife.add_termextension"}
# partylife 工作指南: instructors, contacts and committee staff run 换届 and 组织生活会 procedures
for _role in Role.values:
    ROLE_PERMISSIONS[_role] |= {"partylife.view_procedurerun"}
for _role in (Role.INSTRUCTOR, Role.ORG_CONTACT, Role.COMMITTEE_STAFF):
    ROLE_PERMISSIONS[_role] |= {
        "partylife.add_procedurerun",
        "partylife.change_procedurerun",
    }
