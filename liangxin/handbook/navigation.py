"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import NavItem, register

register(
    "用得好",
    10,
    NavItem("填写工作手册", "handbook:entry_create", "handbook.add_handbookentry"),
)
register(
    "用得好",
    20,
    NavItem("工作手册", "handbook:entry_list", "handbook.view_handbookentry"),
)
register(
    "用得好",
    30,
    NavItem("问题和困难", "handbook:problem_list", "handbook.view_problem"),
)
register(
    "用得好", 40, NavItem("工作计划", "handbook:plan_list", "handbook.view_workplan")
)
