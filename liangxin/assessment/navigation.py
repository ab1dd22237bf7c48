"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, NavItem, register

register(
    "考得准",
    40,
    NavItem(
        "考核轮次",
        "assessment:round_list",
        "assessment.view_round",
        roles=MANAGERS,
    ),
)
register(
    "考得准",
    50,
    NavItem("考核结果", "assessment:result_list", "assessment.view_result"),
)
register(
    "考得准",
    60,
    NavItem(
        "考核方案",
        "assessment:scheme_list",
        "assessment.view_scheme",
        roles=MANAGERS,
    ),
)
register(
    "考得准",
    70,
    NavItem(
        "补贴发放",
        "assessment:payout_list",
        "assessment.view_payoutsheet",
        roles=MANAGERS,
    ),
)
register(
    "考得准",
    80,
    NavItem(
        "补贴标准",
        "assessment:policy_list",
        "assessment.view_allowancepolicy",
        roles=MANAGERS,
    ),
)
