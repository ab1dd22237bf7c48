"""What the assessment grants each role (see core.auth: roles grant model permissions; rows are
scoped separately by `visible_to`)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

# assessment (考得准): schemes and rounds are county-configured; results are scoped per person
_ASSESSMENT_READ = {
    "assessment.view_scheme",
    "assessment.view_round",
    "assessment.view_result",
}
ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= _ASSESSMENT_READ | {
    "assessment.add_scheme",
    "assessment.change_scheme",
    "assessment.add_round",
    "assessment.change_round",
    "assessment.add_score",
    "assessment.change_score",
    "assessment.change_appeal",
    "assessment.view_allowancepolicy",
    "assessment.add_allowancepolicy",
    "assessment.change_allowancepolicy",
    "assessment.view_payoutsheet",
    "assessment.add_payoutsheet",
    "assessment.change_payoutsheet",
}
ROLE_PERMISSIONS[Role.COMMITTEE_STAFF] |= _ASSESSMENT_READ | {
    "assessment.add_score",
    "assessment.change_score",
}
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= {
    "assessment.view_round",
    "assessment.view_result",
    "assessment.add_appeal",
}
ROLE_PERMISSIONS[Role.UNIT_LIAISON] |= {
    "assessment.view_round",
    "assessment.view_result",
}
ROLE_PERMISSIONS[Role.AUDITOR] |= _ASSESSMENT_READ | {
    "assessment.view_allowancepolicy",
    "assessment.view_payoutsheet",
}
