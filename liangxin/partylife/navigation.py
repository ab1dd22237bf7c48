"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, NavItem, register

register(
    "干的实",
    10,
    NavItem("组织生活记录", "partylife:meeting_list", "partylife.view_meeting"),
)
register(
    "干的实",
    20,
    NavItem("组织生活落实", "partylife:calendar", "partylife.view_meeting"),
)
register(
    "干的实",
    30,
    NavItem("任期与换届", "partylife:term_list", "partylife.view_election"),
)
register(
    "干的实",
    40,
    NavItem("换届选举", "partylife:election_list", "partylife.view_election"),
)
register(
    "干的实",
    50,
    NavItem("发展党员", "partylife:candidate_list", "partylife.view_candidate"),
)
register(
    "干的实",
    60,
    NavItem("工作指南", "partylife:procedure_list", "partylife.view_procedurerun"),
)
register(
    "干的实",
    80,
    NavItem("服务社会", "partylife:service_list", "partylife.view_serviceactivity"),
)
register(
    "干的实",
    90,
    NavItem(
        "服务社会主题",
        "partylife:theme_list",
        "partylife.add_servicetheme",
        roles=MANAGERS,
    ),
)
