"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import NavItem, register

register(
    "考得准",
    90,
    NavItem(
        "公文起草",
        "documents:index",
        roles=("county_admin",),
    ),
)
