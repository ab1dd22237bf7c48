"""The duties API: scoped like the pages, writes through the same services."""

import pytest

from liangxin.duties.models import MatterRequest, RegularReport, RequestStatus


def test_the_instructor_drafts_and_submits_by_api_and_the_committee_replies(world, api):
    client = api(world.users.instructor)
    response = client.post(
        "/api/matter-requests/",
        {
            "organization": world.org_a.pk,
            "subject": "拟开展主题党日",
            "content": "联合开展。",
            "urgency": "normal",
            "planned_on": "2099-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(f"/api/matter-requests/{pk}/submit/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    committee = api(world.users.nonpublic)
    response = committee.post(
        f"/api/matter-requests/{pk}/reply/",
        {"decision": "disagree", "reply": ""},
        format="json",
    )
    assert response.status_code == 400 and "请填写批复内容" in str(response.json())
    response = committee.post(
        f"/api/matter-requests/{pk}/reply/", {"decision": "agree"}, format="json"
    )
    assert response.status_code == 200 and response.json()["decision"] == "agree"
    response = client.post(f"/api/matter-requests/{pk}/withdraw/", {}, format="json")
    assert response.status_code == 400 and "不能改为“已撤回”" in str(response.json())


@pytest.mark.parametrize(
    ("persona", "status"),
    [("social", 404), ("instructor", 403), ("unit", 403), ("contact", 404)],
)
def test_only_the_committee_replies_by_api(world, api, make_request, persona, status):
    request = make_request()
    response = api(getattr(world.users, persona)).post(
        f"/api/matter-requests/{request.pk}/reply/",
        {"decision": "agree"},
        format="json",
    )
    assert response.status_code == status
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_the_committee_cannot_create_requests_by_api(world, api):
    response = api(world.users.nonpublic).post(
        "/api/matter-requests/",
        {
            "organization": world.org_a.pk,
            "subject": "x",
            "content": "y",
            "urgency": "normal",
        },
        format="json",
    )
    assert response.status_code == 403 and not MatterRequest.objects.exists()


def test_lists_are_scoped(world, api, make_request):
    make_request("a")
    make_request("b")
    assert (
        len(api(world.users.nonpublic).get("/api/matter-requests/").json()["results"])
        == 1
    )
    assert (
        len(api(world.users.county).get("/api/matter-requests/").json()["results"]) == 2
    )
    assert api(world.users.contact).get("/api/matter-requests/").status_code == 403
    assert api().get("/api/matter-requests/").status_code in (401, 403)


def test_reports_are_reviewed_by_api(world, api):
    import datetime

    report = RegularReport.objects.create(
        region=world.county,
        instructor=world.ins_a,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        period_label="2026年1月",
        due_on=datetime.date(2026, 2, 6),
        summary="汇报",
        status="submitted",
    )
    assert (
        api(world.users.social)
        .post(f"/api/reports/{report.pk}/review/", {"accept": True}, format="json")
        .status_code
        == 404
    )
    response = api(world.users.nonpublic).post(
        f"/api/reports/{report.pk}/review/", {"accept": False}, format="json"
    )
    assert response.status_code == 400 and "退回时请填写审阅意见" in str(
        response.json()
    )
    response = api(world.users.nonpublic).post(
        f"/api/reports/{report.pk}/review/", {"accept": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert len(api(world.users.instructor).get("/api/reports/").json()["results"]) == 1
