"""The sidebar: grouped by the program's five mechanisms; each role sees what it can use.

An item shows when the user holds its permission and, if it names roles, has one of them:
permissions say what a role may open, `roles` keep the menu of people in the field
(instructors, contacts, unit liaisons) free of management pages they could open read-only
but never need. The menu of a role is computed once and cached (it depends on the role's
group permissions, not on the person), so a page pays no permission queries for it.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from liangxin.core.escaping import escape

MANAGERS = ("county_admin", "committee_staff", "auditor")
INSTRUCTOR = "instructor"
ORG_CONTACT = "org_contact"
UNIT_LIAISON = "unit_liaison"
SUPERUSER = "superuser"  # a pseudo-role: only superusers


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None
    roles: tuple[str, ...] = ()


#: the five mechanisms and the system group, in the sidebar's order
GROUPS = [
    ("选得优", "选派与覆盖"),
    ("沉得下", "驻点到岗"),
    ("用得好", "培训与工作手册"),
    ("干的实", "组织生活与两个覆盖"),
    ("考得准", "督查与考核"),
    ("系统", "管理"),
]
_ITEMS: dict[str, dict[str, tuple[int, NavItem]]] = {t: {} for t, _s in GROUPS}


def register(group: str, order: int, item: NavItem) -> None:
    """Put `item` in a group of the sidebar (apps call this from their `navigation.py`,
    autodiscovered by core.apps), before items of a higher `order`."""
    _ITEMS[group][item.url_name] = (order, item)


def mechanisms() -> list[tuple[str, str, list[NavItem]]]:
    return [
        (title, subtitle, [i for _o, i in sorted(_ITEMS[title].values(), key=_order)])
        for title, subtitle in GROUPS
    ]


def _order(entry):
    return (entry[0], entry[1].url_name)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _allowed(user, item: NavItem) -> bool:
    if item.perm is not None and not user.has_perm(item.perm):
        return False
    if not item.roles:
        return True
    return user.is_superuser or user.role in item.roles


def _build(user) -> list[tuple[str, str, list[Link]]]:
    groups = []
    for title, subtitle, items in mechanisms():
        links = []
        for item in items:
            if not _allowed(user, item):
                continue
            try:
                links.append(Link(item.label, reverse(item.url_name)))
            except NoReverseMatch:  # an app switched off in this deployment
                continue
        if links:
            groups.append((title, subtitle, links))
    return groups


def menu_key(user) -> str:
    return f"nav:v1:{'superuser' if user.is_superuser else user.role or 'none'}"


_menus: dict[str, list] = {}


def menu_for(user) -> list[tuple[str, str, list[Link]]]:
    """(title, subtitle, links) per mechanism, for the user's role. A menu depends only on
    the role and the code (roles grant permissions in code), so each process builds it once
    per role and keeps it as it is: no cache round trip, no unpickling, on every page."""
    key = menu_key(user)
    groups = _menus.get(key)
    if groups is None:
        groups = _menus[key] = _build(user)
    return groups


def breadcrumbs(path: str, groups) -> list[Link]:
    """工作台 › mechanism › the menu page this path lives under (the longest matching URL)."""
    best = None
    for title, _subtitle, links in groups:
        for link in links:
            if path.startswith(link.url) and (
                best is None or len(link.url) > len(best[1].url)
            ):
                best = (title, link)
    if best is None:
        return []
    return [Link(best[0], ""), best[1]]


def sidebar_html(groups, section: str, current: str) -> SafeString:
    """The sidebar's groups as HTML, built in Python: ~50 links on every page are too many
    template nodes (each a variable lookup, an `if` and an autoescape) for what they are."""
    parts = []
    for title, subtitle, links in groups:
        is_open = " open" if title == section or not section else ""
        parts.append(
            f'<details class="nav-group mt-1"{is_open}><summary class="px-2 py-1 '
            f'text-danger fw-bold">{escape(title)} <small class="text-muted fw-normal">'
            f'{escape(subtitle)}</small></summary><nav class="nav flex-column" '
            f'aria-label="{escape(title)}">'
        )
        for link in links:
            active, aria = (
                (" active", ' aria-current="page"') if link.url == current else ("", "")
            )
            parts.append(
                f'<a class="nav-link px-3 py-2{active}" href="{escape(link.url)}"{aria}>'
                f"{escape(link.label)}</a>"
            )
        parts.append("</nav></details>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


# core's own pages
register(
    "系统",
    10,
    NavItem(
        "审计日志",
        "core:audit_list",
        "core.view_auditlog",
        roles=("county_admin", "auditor"),
    ),
)
register(
    "系统", 20, NavItem("工作日历", "core:calendar_years", roles=("county_admin",))
)
