"""The sidebar: grouped by the program's five mechanisms; each role sees what it can use.

An item shows when the user holds its permission and, if it names roles, has one of them:
permissions say what a role may open, `roles` keep the menu of people in the field
(instructors, contacts, unit liaisons) free of management pages they could open read-only
but never need. The menu of a role is computed once and cached (it depends on the role's
group permissions, not on the person), so a page pays no permission queries for it.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

MANAGERS = ("county_admin", "committee_staff", "auditor")
INSTRUCTOR = "instructor"
ORG_CONTACT = "org_contact"
UNIT_LIAISON = "unit_liaison"
SUPERUSER = "superuser"  # a pseudo-role: only superusers
CACHE_SECONDS = 300


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None
    roles: tuple[str, ...] = ()


MECHANISMS = [
    (
        "选得优",
        "选派与覆盖",
        [
            NavItem("两新组织", "orgs:organization_list", "orgs.view_organization"),
            NavItem(
                "党组织",
                "orgs:partyorganization_list",
                "orgs.view_partyorganization",
                roles=MANAGERS + (ORG_CONTACT,),
            ),
            NavItem(
                "覆盖情况",
                "orgs:coverage",
                "orgs.view_organization",
                roles=MANAGERS,
            ),
            NavItem(
                "党建工作指导员",
                "roster:instructor_list",
                "roster.view_instructor",
                roles=MANAGERS + (UNIT_LIAISON,),
            ),
            NavItem(
                "派驻记录",
                "roster:assignment_list",
                "roster.view_assignment",
                roles=MANAGERS,
            ),
            NavItem(
                "派出单位",
                "roster:unit_list",
                "roster.view_dispatchingunit",
                roles=MANAGERS,
            ),
            NavItem(
                "行业党委",
                "orgs:committee_list",
                "orgs.view_partycommittee",
                roles=MANAGERS,
            ),
        ],
    ),
    (
        "沉得下",
        "驻点到岗",
        [
            NavItem("到岗签到", "fieldwork:checkin", "fieldwork.add_visit"),
            NavItem("到岗记录", "fieldwork:visit_list", "fieldwork.view_visit"),
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
            NavItem(
                "到岗审核",
                "fieldwork:review",
                "fieldwork.view_visit",
                roles=("county_admin", "committee_staff"),
            ),
            NavItem("重要事项请示", "duties:request_list", "duties.view_matterrequest"),
            NavItem("定期汇报", "duties:report_list", "duties.view_regularreport"),
            NavItem("请假", "duties:leave_list", "duties.view_leaverequest"),
            NavItem(
                "年终述职报告", "duties:duty_report_list", "duties.view_dutyreport"
            ),
            NavItem("述职评议", "duties:review_list", "duties.view_evaluationround"),
            NavItem("通报", "duties:notice_list", "duties.view_notice"),
            NavItem("先进典型", "duties:role_models", "duties.view_notice"),
        ],
    ),
    (
        "用得好",
        "培训与工作手册",
        [
            NavItem(
                "填写工作手册", "handbook:entry_create", "handbook.add_handbookentry"
            ),
            NavItem("工作手册", "handbook:entry_list", "handbook.view_handbookentry"),
            NavItem("问题和困难", "handbook:problem_list", "handbook.view_problem"),
            NavItem("工作计划", "handbook:plan_list", "handbook.view_workplan"),
            NavItem("培训", "duties:training_list", "duties.view_trainingevent"),
            NavItem(
                "培训学时",
                "duties:training_hours",
                "duties.view_trainingevent",
                roles=MANAGERS + (INSTRUCTOR, UNIT_LIAISON),
            ),
            NavItem("行为规范", "duties:conduct", "duties.view_conductacknowledgement"),
        ],
    ),
    (
        "干的实",
        "组织生活与两个覆盖",
        [
            NavItem("组织生活记录", "partylife:meeting_list", "partylife.view_meeting"),
            NavItem("组织生活落实", "partylife:calendar", "partylife.view_meeting"),
            NavItem("任期与换届", "partylife:term_list", "partylife.view_election"),
            NavItem("换届选举", "partylife:election_list", "partylife.view_election"),
            NavItem("发展党员", "partylife:candidate_list", "partylife.view_candidate"),
            NavItem(
                "工作指南", "partylife:procedure_list", "partylife.view_procedurerun"
            ),
            NavItem(
                "两个覆盖趋势",
                "partylife:coverage_trend",
                "orgs.view_organization",
                roles=("county_admin", "committee_staff", "auditor", "instructor"),
            ),
            NavItem(
                "服务社会", "partylife:service_list", "partylife.view_serviceactivity"
            ),
            NavItem(
                "服务社会主题",
                "partylife:theme_list",
                "partylife.add_servicetheme",
                roles=MANAGERS,
            ),
        ],
    ),
    (
        "考得准",
        "督查与考核",
        [
            NavItem(
                "预警清单",
                "worklist",
                roles=("county_admin", "committee_staff", "auditor", "instructor"),
            ),
            NavItem(
                "督查检查", "inspections:inspection_list", "inspections.view_inspection"
            ),
            NavItem(
                "督查计划",
                "inspections:plan_list",
                "inspections.view_inspectionplan",
                roles=MANAGERS,
            ),
            NavItem(
                "考核轮次",
                "assessment:round_list",
                "assessment.view_round",
                roles=MANAGERS,
            ),
            NavItem("考核结果", "assessment:result_list", "assessment.view_result"),
            NavItem(
                "考核方案",
                "assessment:scheme_list",
                "assessment.view_scheme",
                roles=MANAGERS,
            ),
            NavItem(
                "补贴发放",
                "assessment:payout_list",
                "assessment.view_payoutsheet",
                roles=MANAGERS,
            ),
            NavItem(
                "补贴标准",
                "assessment:policy_list",
                "assessment.view_allowancepolicy",
                roles=MANAGERS,
            ),
            NavItem(
                "公文起草",
                "documents:index",
                roles=("county_admin",),
            ),
        ],
    ),
    (
        "系统",
        "管理",
        [
            NavItem(
                "审计日志",
                "core:audit_list",
                "core.view_auditlog",
                roles=("county_admin", "auditor"),
            ),
            NavItem("工作日历", "core:calendar_years", roles=("county_admin",)),
            # 2.4 MB of English: for the administrators who connect other systems
            NavItem("接口文档", "api-docs", roles=(SUPERUSER,)),
        ],
    ),
]


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
    for title, subtitle, items in MECHANISMS:
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


def menu_for(user) -> list[tuple[str, str, list[Link]]]:
    """(title, subtitle, links) per mechanism, for the user's role (cached per role)."""
    key = menu_key(user)
    groups = cache.get(key)
    if groups is None:
        groups = _build(user)
        cache.set(key, groups, CACHE_SECONDS)
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
