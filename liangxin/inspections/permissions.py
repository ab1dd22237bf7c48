"""What inspections grants each role (see core.auth: roles grant model permissions; rows are
scoped separately by `visible_to`)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

# inspections: covert ones and private notes are filtered out by the querysets, not by perms
for _role in (Role.INSTRUCTOR, Role.ORG_CONTACT, Role.UNIT_LIAISON, Role.AUDITOR):
    ROLE_PERMISSIONS[_role] |= {"inspections.view_inspection"}
for _role in (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF):
    ROLE_PERMISSIONS[_role] |= {
        "inspections.view_inspection",
        "inspections.add_inspection",
        "inspections.change_inspection",
        "inspections.view_inspectionplan",
        "inspections.add_inspectionplan",
    }
ROLE_PERMISSIONS[Role.AUDITOR] |= {"inspections.view_inspectionplan"}
