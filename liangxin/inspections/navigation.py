"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, NavItem, register

register(
    "考得准",
    20,
    NavItem("督查检查", "inspections:inspection_list", "inspections.view_inspection"),
)
register(
    "考得准",
    30,
    NavItem(
        "督查计划",
        "inspections:plan_list",
        "inspections.view_inspectionplan",
        roles=MANAGERS,
    ),
)
register(
    "考得准",
    25,
    NavItem(
        "整改事项",
        "inspections:rectification_list",
        "inspections.view_inspection",
        roles=MANAGERS,
    ),
)
