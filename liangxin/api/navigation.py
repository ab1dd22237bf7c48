"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import SUPERUSER, NavItem, register

# 2.4 MB of English: for the administrators who connect other systems
register("系统", 30, NavItem("接口文档", "api-docs", roles=(SUPERUSER,)))
