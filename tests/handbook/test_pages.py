"""Handbook pages: roles, scope, forms, transitions and flat query counts."""

import io

import pytest
from openpyxl import load_workbook

from liangxin.core.models import AuditLog
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ProblemTransition,
    Section,
    WorkPlan,
)
from tests.handbook.conftest import days_ago

SEES = [
    ("county", {"a", "b"}),
    ("auditor", {"a", "b"}),
    ("far_county", set()),
    ("nonpublic", {"a"}),
    ("social", {"b"}),
    ("instructor", {"a"}),
    ("unit", {"a"}),
]
LISTS = {
    "entry": "/handbook/entries/",
    "problem": "/handbook/problems/",
    "plan": "/handbook/plans/",
}


@pytest.mark.parametrize(("persona", "sees"), SEES)
@pytest.mark.parametrize("kind", list(LISTS))
def test_lists_and_details_are_scoped(world, records, login, persona, sees, kind):
    client = login(getattr(world.users, persona))
    page = client.get(LISTS[kind])
    assert page.status_code == 200
    text = page.content.decode()
    shown = {k for k, rec in records.items() if rec[kind].get_absolute_url() in text}
    assert shown == sees
    for key, rec in records.items():
        expected = 200 if key in sees else 404
        assert client.get(rec[kind].get_absolute_url()).status_code == expected


@pytest.mark.parametrize(
    "url",
    [
        "/handbook/entries/",
        "/handbook/problems/",
        "/handbook/plans/",
        "/handbook/organizations/{org}/",
        "/handbook/entries/new/",
    ],
)
def test_an_org_contact_is_refused_the_handbook(world, records, login, url):
    response = login(world.users.contact).get(url.format(org=world.org_a.pk))
    assert response.status_code == 403


def test_anonymous_visitors_go_to_the_login_page(world, client):
    response = client.get("/handbook/entries/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("nonpublic", 200),
        ("instructor", 200),
        ("unit", 200),
        ("auditor", 200),
        ("social", 404),
        ("far_county", 404),
        ("contact", 403),
    ],
)
def test_the_organization_handbook_page_shows_the_four_sections(
    world, login, make_entry, persona, status
):
    make_entry(world.asg_a, days_ago(40), Section.PROFILE, "旧概况")
    make_entry(world.asg_a, days_ago(5), Section.PROFILE, "新概况")
    response = login(getattr(world.users, persona)).get(
        f"/handbook/organizations/{world.org_a.pk}/"
    )
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        for label in Section.labels:
            assert label in text
        assert text.index("新概况") < text.index(
            "旧概况"
        )  # the living profile, newest first
        assert f"/handbook/pdf/{world.ins_a.pk}/{days_ago(0).year}/" in text


def test_the_organization_page_refuses_a_post(world, login):
    response = login(world.users.county).post(
        f"/handbook/organizations/{world.org_a.pk}/"
    )
    assert response.status_code == 405


def test_the_entry_form_offers_only_own_organizations_and_saves(
    world, login, make_visit
):
    client = login(world.users.instructor)
    text = client.get("/handbook/entries/new/").content.decode()
    assert "保德县华鑫煤业有限公司" in text
    assert "保德县兴隆商贸有限公司" not in text and "保德县个体劳动者协会" not in text
    visit = make_visit(world.asg_a, days_ago(1))
    response = client.post(
        "/handbook/entries/new/",
        {
            "organization": world.org_a.pk,
            "section": Section.WORK,
            "date": days_ago(1),
            "title": "指导支部换届",
            "content": "指导支部按程序完成换届选举。",
            "visit": visit.pk,
        },
    )
    entry = HandbookEntry.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    )
    assert entry.visit == visit and entry.instructor == world.ins_a


def test_the_entry_form_shows_a_refusal_next_to_the_field(world, login):
    response = login(world.users.instructor).post(
        "/handbook/entries/new/",
        {
            "organization": world.org_a.pk,
            "section": Section.WORK,
            "date": "2024-01-05",
            "title": "标题",
            "content": "内容",
        },
    )
    assert response.status_code == 200
    assert "该日期不在您派驻该组织的期间内。" in response.content.decode()
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize(
    "url", ["/handbook/entries/new/", "/handbook/problems/new/", "/handbook/plans/new/"]
)
def test_committee_staff_cannot_open_the_writing_forms(world, login, url):
    assert login(world.users.nonpublic).get(url).status_code == 403


def test_the_instructor_raises_a_problem_and_moves_it_from_the_detail_page(
    world, login
):
    client = login(world.users.instructor)
    client.post(
        "/handbook/problems/new/",
        {
            "organization": world.org_a.pk,
            "raised_on": days_ago(3),
            "raised_by_kind": "employee",
            "raised_by_name": "",
            "category": "labour",
            "description": "加班费计算有争议",
        },
    )
    problem = Problem.objects.get()
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "改为“办理中”" in page
    url = f"/handbook/problems/{problem.pk}/transition/"
    assert client.get(url).status_code == 405
    client.post(url, {"to": "in_progress", "version": 1, "note": "已约谈企业负责人"})
    client.post(url, {"to": "closed", "version": 2})  # illegal: refused with a message
    problem.refresh_from_db()
    assert problem.status == "in_progress"
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "待办 → 办理中" in page and "已约谈企业负责人" in page


def test_a_transition_by_committee_staff_is_forbidden_and_by_an_outsider_not_found(
    world, records, login
):
    problem = records["a"]["problem"]
    url = f"/handbook/problems/{problem.pk}/transition/"
    assert (
        login(world.users.nonpublic).post(url, {"to": "in_progress"}).status_code == 403
    )
    world.ins_b.user = world.users.social  # an instructor of the other committee
    outsider = world.users.social
    outsider.role = "instructor"
    outsider.save()
    world.ins_b.save()
    assert login(outsider).post(url, {"to": "in_progress"}).status_code == 404
    assert not ProblemTransition.objects.exists()


def test_the_problem_list_filters_by_status_and_flags_overdue(
    world, login, make_problem
):
    late = make_problem(
        world.asg_a, raised_on=days_ago(45), description="逾期未办的问题"
    )
    make_problem(world.asg_a, raised_on=days_ago(2), description="新近的问题")
    client = login(world.users.nonpublic)
    text = client.get("/handbook/problems/?overdue=1").content.decode()
    assert "逾期未办的问题" in text and "新近的问题" not in text
    assert 'badge text-bg-danger">逾期' in text
    assert (
        late.get_absolute_url()
        in client.get("/handbook/problems/?status=open").content.decode()
    )
    assert (
        late.get_absolute_url()
        not in client.get("/handbook/problems/?status=closed").content.decode()
    )


def test_the_entry_list_filters_by_section_and_organization_and_exports(
    world, login, make_entry
):
    make_entry(world.asg_a, section=Section.THOUGHTS, title="思想动态甲")
    make_entry(world.asg_a, section=Section.WORK, title="工作开展乙")
    client = login(world.users.nonpublic)
    text = client.get("/handbook/entries/?section=thoughts").content.decode()
    assert "思想动态甲" in text and "工作开展乙" not in text
    text = client.get(
        f"/handbook/entries/?organization={world.org_a.pk}"
    ).content.decode()
    assert "思想动态甲" in text and "工作开展乙" in text
    response = client.get("/handbook/entries/?section=thoughts&export=xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values
    )
    assert rows[0] == ("日期", "栏目", "标题", "指导员", "两新组织")
    assert rows[1][1:3] == ("党员群众思想动态", "思想动态甲") and len(rows) == 2
    assert AuditLog.objects.filter(action="export", user=world.users.nonpublic).exists()


def test_the_plan_pages_create_and_take_progress_and_notes(world, login):
    client = login(world.users.instructor)
    client.post(
        "/handbook/plans/new/",
        {
            "organization": world.org_a.pk,
            "year": days_ago(0).year,
            "goals": "党组织规范化",
            "measures": "主题党日",
            "milestones": "6月底前完成换届",
        },
    )
    plan = WorkPlan.objects.get()
    client.post(
        f"/handbook/plans/{plan.pk}/progress/",
        {"date": days_ago(0), "percent": 50, "content": "完成一半"},
    )
    client.post(
        f"/handbook/plans/{plan.pk}/notes/",
        {"date": days_ago(0), "topic": "职工需求", "content": "走访 10 人"},
    )
    assert client.get(f"/handbook/plans/{plan.pk}/progress/").status_code == 405
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "完成一半" in page and "职工需求" in page and "50%" in page
    nonpublic = login(world.users.nonpublic)
    assert (
        nonpublic.post(
            f"/handbook/plans/{plan.pk}/progress/",
            {"date": days_ago(0), "percent": 60, "content": "x"},
        ).status_code
        == 403
    )
    assert plan.progress.count() == 1


@pytest.mark.parametrize(
    "url", ["/handbook/entries/", "/handbook/problems/", "/handbook/plans/"]
)
def test_list_query_counts_stay_flat_as_rows_grow(
    world,
    login,
    make_entry,
    make_problem,
    make_plan,
    django_assert_max_num_queries,
    url,
):
    from liangxin.orgs.models import Organization
    from tests import factories as f

    client = login(world.users.county)

    def grow(to: int):
        while HandbookEntry.objects.count() < to:
            n = HandbookEntry.objects.count()
            org = f.OrganizationFactory(committee=world.nonpublic)
            ins = f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
            asg = f.AssignmentFactory(instructor=ins, organization=org)
            make_entry(asg, title=f"记录{n}")
            make_problem(asg)
            make_plan(asg)
        assert Organization.objects.count() >= to

    grow(5)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    grow(35)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
