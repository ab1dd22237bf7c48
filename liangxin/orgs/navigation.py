"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import MANAGERS, ORG_CONTACT, NavItem, register

register(
    "选得优",
    10,
    NavItem("两新组织", "orgs:organization_list", "orgs.view_organization"),
)
register(
    "选得优",
    20,
    NavItem(
        "党组织",
        "orgs:partyorganization_list",
        "orgs.view_partyorganization",
        roles=MANAGERS + (ORG_CONTACT,),
    ),
)
register(
    "选得优",
    70,
    NavItem(
        "行业党委",
        "orgs:committee_list",
        "orgs.view_partycommittee",
        roles=MANAGERS,
    ),
)
