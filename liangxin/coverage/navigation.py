"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, NavItem, register

register(
    "选得优",
    30,
    NavItem(
        "覆盖情况",
        "coverage:overview",
        "orgs.view_organization",
        roles=MANAGERS,
    ),
)
register(
    "干的实",
    70,
    NavItem(
        "两个覆盖趋势",
        "coverage:trend",
        "orgs.view_organization",
        roles=("county_admin", "committee_staff", "auditor", "instructor"),
    ),
)
