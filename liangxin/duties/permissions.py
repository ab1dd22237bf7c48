"""What duties grants each role (see core.auth: roles grant model permissions; rows are
scoped separately by `visible_to`)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

#: everyone but the organizations' contacts
ALL_BUT_CONTACTS = set(Role.values) - {Role.ORG_CONTACT}

# requests and reports: everyone but the organizations' contacts reads them
for _role in ALL_BUT_CONTACTS:
    ROLE_PERMISSIONS[_role] |= {
        "duties.view_matterrequest",
        "duties.view_regularreport",
    }
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= {
    "duties.add_matterrequest",
    "duties.change_matterrequest",
    "duties.add_regularreport",
    "duties.change_regularreport",
}

# duties beyond requests and reports: year-end review, training, leave
_DUTIES_READ = {
    "duties.view_dutyreport",
    "duties.view_trainingevent",
    "duties.view_leaverequest",
    "duties.view_evaluationround",
    "duties.view_notice",
    "duties.view_conductacknowledgement",
}
for _role in ALL_BUT_CONTACTS:
    ROLE_PERMISSIONS[_role] |= _DUTIES_READ
ROLE_PERMISSIONS[Role.ORG_CONTACT] |= {
    "duties.view_evaluationround",
    "duties.add_rating",
}
ROLE_PERMISSIONS[Role.COMMITTEE_STAFF] |= {
    "duties.add_rating",
    "duties.add_trainingevent",
    "duties.change_trainingevent",
}
ROLE_PERMISSIONS[Role.UNIT_LIAISON] |= {
    "duties.add_rating",
    "duties.change_leaverequest",
}
ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= {
    "duties.add_notice",
    "duties.change_notice",
    "duties.add_evaluationround",
    "duties.change_evaluationround",
    "duties.add_trainingevent",
    "duties.change_trainingevent",
}
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= {
    "duties.add_dutyreport",
    "duties.change_dutyreport",
    "duties.add_conductacknowledgement",
    "duties.add_leaverequest",
    "duties.change_leaverequest",
}
