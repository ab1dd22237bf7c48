"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import NavItem, register

register("沉得下", 10, NavItem("到岗签到", "fieldwork:checkin", "fieldwork.add_visit"))
register(
    "沉得下", 20, NavItem("到岗记录", "fieldwork:visit_list", "fieldwork.view_visit")
)
register(
    "沉得下",
    30,
    NavItem(
        "到岗统计",
        "fieldwork:compliance",
        "fieldwork.view_visit",
        roles=(
            "county_admin",
            "committee_staff",
            "auditor",
            "unit_liaison",
            "instructor",
        ),
    ),
)
register(
    "沉得下",
    40,
    NavItem(
        "到岗审核",
        "fieldwork:review",
        "fieldwork.view_visit",
        roles=("county_admin", "committee_staff"),
    ),
)
