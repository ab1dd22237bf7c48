"""The handbook API: scoped as the pages, writes through the same services."""

import pytest

from liangxin.handbook.models import HandbookEntry, Problem, ProblemTransition, WorkPlan
from tests.handbook.conftest import days_ago

ENDPOINTS = {
    "entry": "/api/handbook-entries/",
    "problem": "/api/problems/",
    "plan": "/api/work-plans/",
}


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county", {"a", "b"}),
        ("auditor", {"a", "b"}),
        ("far_county", set()),
        ("nonpublic", {"a"}),
        ("social", {"b"}),
        ("instructor", {"a"}),
        ("unit", {"a"}),
    ],
)
@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_reads_are_scoped(world, records, api, persona, sees, kind):
    client = api(getattr(world.users, persona))
    listing = client.get(ENDPOINTS[kind])
    assert listing.status_code == 200
    assert {r["id"] for r in listing.json()["results"]} == {
        records[k][kind].pk for k in sees
    }
    for key, rec in records.items():
        expected = 200 if key in sees else 404
        assert client.get(f"{ENDPOINTS[kind]}{rec[kind].pk}/").status_code == expected


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_an_org_contact_and_an_anonymous_client_are_refused(world, records, api, kind):
    assert api(world.users.contact).get(ENDPOINTS[kind]).status_code == 403
    assert api().get(ENDPOINTS[kind]).status_code == 401


def test_the_instructor_writes_an_entry_and_the_rules_apply(world, api):
    client = api(world.users.instructor)
    ok = client.post(
        "/api/handbook-entries/",
        {
            "organization": world.org_a.pk,
            "section": "thoughts",
            "date": days_ago(1),
            "title": "思想动态",
            "content": "职工情绪稳定",
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["instructor"] == world.ins_a.pk
    refused = client.post(
        "/api/handbook-entries/",
        {
            "organization": world.org_a.pk,
            "section": "thoughts",
            "date": "2024-01-02",
            "title": "思想动态",
            "content": "职工情绪稳定",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "该日期不在您派驻该组织的期间内。" in str(refused.json())
    foreign = client.post(
        "/api/handbook-entries/",
        {
            "organization": world.org_b.pk,
            "section": "thoughts",
            "date": days_ago(1),
            "title": "思想动态",
            "content": "x",
        },
        format="json",
    )
    assert foreign.status_code == 400 and "所选组织不是您派驻的组织。" in str(
        foreign.json()
    )
    assert HandbookEntry.objects.count() == 1


def test_committee_staff_cannot_write_through_the_api(world, records, api):
    client = api(world.users.nonpublic)
    assert client.post("/api/problems/", {}, format="json").status_code == 403
    problem = records["a"]["problem"]
    response = client.post(
        f"/api/problems/{problem.pk}/transition/", {"to": "in_progress"}, format="json"
    )
    assert response.status_code == 403
    assert client.put(
        f"/api/work-plans/{records['a']['plan'].pk}/", {}
    ).status_code in (403, 405)


def test_problems_are_raised_and_moved_through_the_api(world, api):
    client = api(world.users.instructor)
    created = client.post(
        "/api/problems/",
        {
            "organization": world.org_a.pk,
            "raised_on": days_ago(2),
            "raised_by_kind": "member",
            "raised_by_name": "",
            "category": "party",
            "description": "支部活动场所不足",
        },
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    url = f"/api/problems/{pk}/transition/"
    illegal = client.post(url, {"to": "closed"}, format="json")
    assert illegal.status_code == 400 and "不能改为" in str(illegal.json())
    assert (
        client.post(url, {"to": "in_progress"}, format="json").json()["status"]
        == "in_progress"
    )
    missing = client.post(url, {"to": "referred"}, format="json")
    assert missing.status_code == 400 and "请填写转交部门。" in str(missing.json())
    moved = client.post(
        url,
        {"to": "referred", "referred_to": "县住建局", "note": "场地协调"},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["referred_to"] == "县住建局"
    assert list(ProblemTransition.objects.values_list("to_status", flat=True)) == [
        "in_progress",
        "referred",
    ]


def test_an_outsider_instructor_gets_404_on_a_transition(world, records, api):
    outsider = world.users.social
    outsider.role = "instructor"
    outsider.save()
    world.ins_b.user = outsider
    world.ins_b.save()
    problem = records["a"]["problem"]
    response = api(outsider).post(
        f"/api/problems/{problem.pk}/transition/", {"to": "in_progress"}, format="json"
    )
    assert response.status_code == 404
    assert Problem.objects.get(pk=problem.pk).status == "open"


def test_work_plans_are_created_once_per_year(world, api):
    client = api(world.users.instructor)
    body = {
        "organization": world.org_a.pk,
        "year": days_ago(0).year,
        "goals": "目标",
        "measures": "措施",
        "milestones": "",
    }
    assert client.post("/api/work-plans/", body, format="json").status_code == 201
    again = client.post("/api/work-plans/", body, format="json")
    assert again.status_code == 400 and "已有该组织的工作计划" in str(again.json())
    assert WorkPlan.objects.count() == 1


def test_a_stale_version_on_a_problem_move_is_a_409_conflict(world, api):
    client = api(world.users.instructor)
    created = client.post(
        "/api/problems/",
        {
            "organization": world.org_a.pk,
            "raised_on": days_ago(2),
            "raised_by_kind": "member",
            "raised_by_name": "",
            "category": "party",
            "description": "支部活动场所不足",
        },
        format="json",
    )
    url = f"/api/problems/{created.json()['id']}/transition/"
    stale = client.post(url, {"to": "in_progress", "version": 7}, format="json")
    assert stale.status_code == 409 and "已被他人修改" in str(stale.json())
    assert not ProblemTransition.objects.exists()
