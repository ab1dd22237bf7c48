"""Roles grant model permissions; rows are scoped separately by `visible_to`."""

from django.contrib.auth.backends import ModelBackend

from liangxin.core.models import Role

_VIEW_ALL = {
    "orgs.view_organization",
    "orgs.view_partyorganization",
    "orgs.view_partycommittee",
    "roster.view_instructor",
    "roster.view_assignment",
    "roster.view_dispatchingunit",
    "fieldwork.view_visit",
    # the handbook: org contacts get none of it (members' views and workers' complaints)
    "handbook.view_handbookentry",
    "handbook.view_problem",
    "handbook.view_workplan",
    "duties.view_matterrequest",
    "duties.view_regularreport",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.COUNTY_ADMIN: _VIEW_ALL
    | {
        "orgs.add_organization",
        "orgs.change_organization",
        "orgs.delete_organization",
        "orgs.add_partyorganization",
        "orgs.change_partyorganization",
        "orgs.add_partycommittee",
        "orgs.change_partycommittee",
        "roster.add_instructor",
        "roster.change_instructor",
        "roster.add_dispatchingunit",
        "roster.change_dispatchingunit",
        "roster.add_assignment",
        "roster.change_assignment",
        "core.view_auditlog",
        "core.change_policy",
        "core.view_policy",
        # login lockouts of the region's accounts: see them and unlock (audited)
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    },
    Role.COMMITTEE_STAFF: _VIEW_ALL
    | {
        "orgs.add_organization",
        "orgs.change_organization",
        "orgs.add_partyorganization",
        "orgs.change_partyorganization",
        "roster.add_assignment",
        "roster.change_assignment",
    },
    Role.INSTRUCTOR: _VIEW_ALL
    | {
        "fieldwork.add_visit",
        "handbook.add_handbookentry",
        "handbook.add_problem",
        "handbook.change_problem",
        "handbook.add_workplan",
        "handbook.change_workplan",
        "duties.add_matterrequest",
        "duties.change_matterrequest",
        "duties.add_regularreport",
        "duties.change_regularreport",
    },
    Role.ORG_CONTACT: {
        "orgs.view_organization",
        "orgs.view_partyorganization",
        "roster.view_instructor",
        "roster.view_assignment",
        "fieldwork.view_visit",
    },
    Role.UNIT_LIAISON: _VIEW_ALL - {"orgs.view_partycommittee"},
    Role.AUDITOR: _VIEW_ALL | {"core.view_auditlog", "core.view_policy"},
}


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

# duties beyond requests and reports: year-end review, training, leave
_DUTIES_READ = {
    "duties.view_dutyreport",
    "duties.view_trainingevent",
    "duties.view_leaverequest",
    "duties.view_evaluationround",
    "duties.view_notice",
    "duties.view_conductacknowledgement",
}
for _role in (
    Role.COUNTY_ADMIN,
    Role.COMMITTEE_STAFF,
    Role.INSTRUCTOR,
    Role.UNIT_LIAISON,
    Role.AUDITOR,
):
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


class RoleBackend(ModelBackend):
    """Username/password login, with permissions from the user's role."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        return set(ROLE_PERMISSIONS.get(user_obj.role, set()))
