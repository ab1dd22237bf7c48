"""Roles grant model permissions; rows are scoped separately by `visible_to`."""

from django.contrib.auth.backends import ModelBackend

from liangxin.core.models import Role

_VIEW_ALL = {
    "orgs.view_organization", "orgs.view_partyorganization", "orgs.view_partycommittee",
    "roster.view_instructor", "roster.view_assignment", "roster.view_dispatchingunit",
    "fieldwork.view_visit",
    # the handbook: org contacts get none of it (members' views and workers' complaints)
    "handbook.view_handbookentry", "handbook.view_problem", "handbook.view_workplan",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.COUNTY_ADMIN: _VIEW_ALL | {
        "orgs.add_organization", "orgs.change_organization", "orgs.delete_organization",
        "orgs.add_partyorganization", "orgs.change_partyorganization",
        "orgs.add_partycommittee", "orgs.change_partycommittee",
        "roster.add_instructor", "roster.change_instructor",
        "roster.add_dispatchingunit", "roster.change_dispatchingunit",
        "roster.add_assignment", "roster.change_assignment",
        "core.view_auditlog", "core.change_policy", "core.view_policy",
    },
    Role.COMMITTEE_STAFF: _VIEW_ALL | {
        "orgs.add_organization", "orgs.change_organization",
        "orgs.add_partyorganization", "orgs.change_partyorganization",
        "roster.add_assignment", "roster.change_assignment",
    },
    Role.INSTRUCTOR: _VIEW_ALL | {
        "fieldwork.add_visit",
        "handbook.add_handbookentry", "handbook.add_problem", "handbook.change_problem",
        "handbook.add_workplan", "handbook.change_workplan",
    },
    Role.ORG_CONTACT: {"orgs.view_organization", "orgs.view_partyorganization",
                       "roster.view_instructor", "roster.view_assignment", "fieldwork.view_visit"},
    Role.UNIT_LIAISON: _VIEW_ALL - {"orgs.view_partycommittee"},
    Role.AUDITOR: _VIEW_ALL | {"core.view_auditlog", "core.view_policy"},
}


class RoleBackend(ModelBackend):
    """Username/password login, with permissions from the user's role."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        return set(ROLE_PERMISSIONS.get(user_obj.role, set()))
