"""Duties pages: roles, scope, methods, actions and flat query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.duties.models import MatterRequest, RegularReport, RequestStatus
from liangxin.duties.services.requests import add_attachment
from tests import factories as f

SEES = [
    ("county", {"a", "b"}),
    ("auditor", {"a", "b"}),
    ("far_county", set()),
    ("nonpublic", {"a"}),
    ("social", {"b"}),
    ("instructor", {"a"}),
    ("unit", {"a"}),
]


@pytest.mark.parametrize(("persona", "sees"), SEES)
def test_request_lists_and_details_are_scoped(
    world, make_request, login, persona, sees
):
    records = {"a": make_request("a"), "b": make_request("b")}
    client = login(getattr(world.users, persona))
    page = client.get("/duties/requests/")
    assert page.status_code == 200
    text = page.content.decode()
    assert {k for k, r in records.items() if r.get_absolute_url() in text} == sees
    for key, record in records.items():
        assert client.get(record.get_absolute_url()).status_code == (
            200 if key in sees else 404
        )


def test_an_org_contact_is_refused_requests_and_reports(world, make_request, login):
    client = login(world.users.contact)
    for url in (
        "/duties/requests/",
        f"/duties/requests/{make_request().pk}/",
        "/duties/reports/",
        "/duties/requests/new/",
    ):
        assert client.get(url).status_code == 403


def test_the_committee_cannot_write_a_request(world, login):
    assert login(world.users.nonpublic).get("/duties/requests/new/").status_code == 403


def test_the_instructor_walks_a_request_through_the_pages(
    world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users.instructor)
    response = client.post(
        "/duties/requests/new/",
        {
            "organization": world.org_a.pk,
            "subject": "拟发展两名职工入党",
            "content": "两名职工已递交入党申请书。",
            "urgency": "normal",
            "planned_on": "2099-01-01",
        },
    )
    request = MatterRequest.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == request.get_absolute_url()
    )
    response = client.post(
        f"/duties/requests/{request.pk}/attach/",
        {"file": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 302
    item = request.attachments.get()
    assert client.get(item.get_absolute_url()).status_code == 200
    client.post(f"/duties/requests/{request.pk}/submit/", {"version": request.version})
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED

    committee = login(world.users.nonpublic)
    assert "提交批复" in committee.get(request.get_absolute_url()).content.decode()
    committee.post(
        f"/duties/requests/{request.pk}/reply/",
        {"decision": "other", "reply": "请先开展考察。", "version": request.version},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REPLIED and request.decision == "other"


def test_an_attachment_is_404_outside_the_scope(
    world, drafted, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = add_attachment(
        user=world.users.instructor,
        request=drafted,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
    )
    url = item.get_absolute_url()
    assert login(world.users.nonpublic).get(url).status_code == 404  # still a draft
    assert login(world.users.social).get(url).status_code == 404
    assert login(world.users.contact).get(url).status_code == 403
    assert login(world.users.instructor).post(url).status_code == 405
    assert (
        login(world.users.instructor).get("/duties/attachments/999999/").status_code
        == 404
    )


def test_an_illegal_action_on_a_page_shows_a_chinese_message(
    world, make_request, login
):
    request = make_request(status=RequestStatus.REPLIED)
    client = login(world.users.instructor)
    response = client.post(f"/duties/requests/{request.pk}/withdraw/", follow=True)
    assert "不能改为“已撤回”" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("instructor", 403),
        ("social", 404),
        ("unit", 403),
        ("auditor", 403),
        ("contact", 403),
    ],
)
def test_only_the_committee_replies(world, make_request, login, persona, status):
    request = make_request()
    response = login(getattr(world.users, persona)).post(
        f"/duties/requests/{request.pk}/reply/", {"decision": "agree"}
    )
    assert response.status_code == status
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


@pytest.mark.parametrize("action", ["submit", "withdraw", "attach", "reply", "return"])
def test_actions_refuse_a_get(world, make_request, login, action):
    request = make_request()
    assert (
        login(world.users.nonpublic)
        .get(f"/duties/requests/{request.pk}/{action}/")
        .status_code
        == 405
    )


def test_the_other_instructor_cannot_act_on_a_request(world, make_request, login):
    request = make_request(status=RequestStatus.DRAFT)
    other = f.UserFactory(username="ins_b_user", role="instructor", region=world.county)
    world.ins_b.user = other
    world.ins_b.save()
    assert (
        login(other).post(f"/duties/requests/{request.pk}/submit/").status_code == 404
    )


@pytest.mark.parametrize("rows", [5, 35])
def test_the_request_list_runs_a_flat_number_of_queries(
    world, make_request, login, django_assert_max_num_queries, rows
):
    for n in range(rows):
        make_request(subject=f"事项{n}")
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/requests/").status_code == 200


@pytest.mark.parametrize("rows", [5, 35])
def test_the_report_list_runs_a_flat_number_of_queries(
    world, login, rows, django_assert_max_num_queries
):
    import datetime

    for n in range(rows):
        start = datetime.date(2000 + n, 1, 1)
        RegularReport.objects.create(
            region=world.county,
            instructor=world.ins_a,
            period_start=start,
            period_end=datetime.date(2000 + n, 1, 31),
            period_label=f"{2000 + n}年1月",
            due_on=datetime.date(2000 + n, 2, 7),
            summary="汇报",
            status="submitted",
        )
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/reports/").status_code == 200


def test_the_request_list_exports_xlsx(world, make_request, login):
    make_request()
    response = login(world.users.nonpublic).get("/duties/requests/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
