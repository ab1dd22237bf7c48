"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import NavItem, register
from liangxin.dashboard.roles import WORKLIST_ROLES

register(
    "考得准",
    10,
    NavItem(
        "预警清单",
        "worklist",
        roles=WORKLIST_ROLES,
    ),
)
