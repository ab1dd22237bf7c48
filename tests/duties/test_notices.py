"""Notices (通报) of commendation and criticism, and the 先进典型 page."""

import pytest

from liangxin.core.models import AuditLog, Notification
from liangxin.core.services import ServiceError
from liangxin.duties.models import Notice
from liangxin.duties.services.notices import (
    publish_notice,
    save_notice,
    withdraw_notice,
)


@pytest.fixture
def draft(world):
    return save_notice(
        user=world.users.county,
        instructors=[world.ins_a],
        notice=Notice(
            kind="commendation",
            title="关于表扬张建国同志的通报",
            body="张建国同志扎根企业，帮助企业党支部规范“三会一课”。",
        ),
    )


def test_the_county_publishes_and_every_instructor_is_told_once(world, draft):
    notice = publish_notice(user=world.users.county, notice=draft)
    assert notice.status == "published" and notice.published_at
    assert Notification.objects.filter(recipient=world.users.instructor).count() == 1
    with pytest.raises(ServiceError, match="不能改为“已发布”"):
        publish_notice(user=world.users.county, notice=notice)
    with pytest.raises(ServiceError, match="不能修改"):
        save_notice(user=world.users.county, notice=notice, instructors=[world.ins_a])
    notice = withdraw_notice(user=world.users.county, notice=notice)
    assert [t.to_status for t in notice.transitions.all()] == ["published", "withdrawn"]
    assert {"发布通报", "撤销通报"} <= set(
        AuditLog.objects.values_list("note", flat=True)
    )


@pytest.mark.parametrize("persona", ["nonpublic", "instructor", "unit", "far_county"])
def test_only_the_county_admin_of_the_region_publishes(world, draft, persona):
    with pytest.raises(ServiceError, match="只有县级管理员"):
        publish_notice(user=getattr(world.users, persona), notice=draft)


def test_a_notice_names_instructors_of_its_region_only(world, draft):
    from tests import factories as f

    far = f.InstructorFactory(committee=world.far, name="赵远")
    with pytest.raises(ServiceError, match="本区划"):
        save_notice(user=world.users.county, notice=draft, instructors=[far])
    with pytest.raises(ServiceError, match="请选择被通报的指导员"):
        save_notice(user=world.users.county, notice=draft, instructors=[])


def test_drafts_are_the_countys_and_published_ones_everyones(world, draft, login):
    for persona, code in (
        ("instructor", 404),
        ("unit", 404),
        ("county", 200),
        ("auditor", 200),
    ):
        assert (
            login(getattr(world.users, persona))
            .get(draft.get_absolute_url())
            .status_code
            == code
        )
    publish_notice(user=world.users.county, notice=draft)
    for persona in ("instructor", "unit", "nonpublic", "social"):
        client = login(getattr(world.users, persona))
        assert client.get(draft.get_absolute_url()).status_code == 200
        page = client.get("/duties/notices/role-models/").content.decode()
        assert "三会一课" in page and "张建国" in page
    assert (
        login(world.users.far_county).get(draft.get_absolute_url()).status_code == 404
    )
    assert login(world.users.contact).get("/duties/notices/").status_code == 403


def test_pages_check_role_and_method(world, draft, login):
    assert login(world.users.instructor).get("/duties/notices/new/").status_code == 403
    assert (
        login(world.users.nonpublic)
        .post(f"/duties/notices/{draft.pk}/move/published/")
        .status_code
        == 403
    )
    assert (
        login(world.users.county)
        .get(f"/duties/notices/{draft.pk}/move/published/")
        .status_code
        == 405
    )
    assert (
        login(world.users.county).post("/duties/notices/role-models/").status_code
        == 405
    )
    client = login(world.users.county)
    response = client.post(
        "/duties/notices/new/",
        {
            "kind": "criticism",
            "title": "关于到岗天数不足的通报",
            "body": "十月到岗不足。",
            "instructors": [world.ins_b.pk],
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(kind="criticism")
    client.post(
        f"/duties/notices/{notice.pk}/move/published/", {"version": notice.version}
    )
    notice.refresh_from_db()
    assert notice.status == "published"


def test_the_api_lists_published_notices_to_instructors(world, draft, api):
    assert api(world.users.instructor).get("/api/notices/").json()["count"] == 0
    publish_notice(user=world.users.county, notice=draft)
    body = api(world.users.instructor).get("/api/notices/").json()
    assert body["count"] == 1 and body["results"][0]["instructors"] == [world.ins_a.pk]


@pytest.mark.parametrize("rows", [5, 35])
def test_the_notice_list_runs_a_flat_number_of_queries(
    world, login, rows, django_assert_max_num_queries
):
    Notice.objects.bulk_create(
        [
            Notice(
                region=world.county,
                kind="criticism",
                title=f"通报{n}",
                body="内容",
                status="published",
            )
            for n in range(rows)
        ]
    )
    client = login(world.users.instructor)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/notices/").status_code == 200


# --- the printable record --------------------------------------------------------------------


def test_the_unit_prints_an_instructors_record_as_pdf(world, draft, login):
    publish_notice(user=world.users.county, notice=draft)
    client = login(world.users.unit)
    response = client.get(f"/duties/record/{world.ins_a.pk}/2026/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditLog.objects.filter(note__contains="履职档案").exists()
    assert client.get(f"/duties/record/{world.ins_b.pk}/2026/").status_code == 404
    assert client.post(f"/duties/record/{world.ins_a.pk}/2026/").status_code == 405
    assert (
        login(world.users.contact)
        .get(f"/duties/record/{world.ins_a.pk}/2026/")
        .status_code
        == 403
    )
