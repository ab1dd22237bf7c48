"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, UNIT_LIAISON, NavItem, register

register(
    "选得优",
    40,
    NavItem(
        "党建工作指导员",
        "roster:instructor_list",
        "roster.view_instructor",
        roles=MANAGERS + (UNIT_LIAISON,),
    ),
)
register(
    "选得优",
    50,
    NavItem(
        "派驻记录",
        "roster:assignment_list",
        "roster.view_assignment",
        roles=MANAGERS,
    ),
)
register(
    "选得优",
    60,
    NavItem(
        "派出单位",
        "roster:unit_list",
        "roster.view_dispatchingunit",
        roles=MANAGERS,
    ),
)
