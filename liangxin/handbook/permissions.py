"""What the handbook grants each role (see core.auth)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

# org contacts get none of it (members' views and workers' complaints)
for _role in set(Role.values) - {Role.ORG_CONTACT}:
    ROLE_PERMISSIONS[_role] |= {
        "handbook.view_handbookentry",
        "handbook.view_problem",
        "handbook.view_workplan",
    }
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= {
    "handbook.add_handbookentry",
    "handbook.add_problem",
    "handbook.change_problem",
    "handbook.add_workplan",
    "handbook.change_workplan",
}
