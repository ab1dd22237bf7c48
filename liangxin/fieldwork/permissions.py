"""What fieldwork grants each role (see core.auth)."""

from liangxin.core.auth import ROLE_PERMISSIONS
from liangxin.core.models import Role

for _role in Role.values:
    ROLE_PERMISSIONS[_role] |= {"fieldwork.view_visit"}
ROLE_PERMISSIONS[Role.INSTRUCTOR] |= {"fieldwork.add_visit"}
