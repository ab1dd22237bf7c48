"""Inspections created through the API: the page's form and service, scoped; 暗访 stays
invisible to the inspected side."""

from liangxin.inspections.models import Inspection, PrivateNote

PAYLOAD = {
    "kind": "covert",
    "date": "2026-10-20",
    "inspectors": "王检查",
    "on_duty": "poor",
    "issues": "未在岗",
    "private_note": "门卫称一周未见",
}


def test_the_committee_records_a_covert_inspection_through_the_api(world, api):
    response = api(world.users.nonpublic).post(
        "/api/inspections/",
        {**PAYLOAD, "instructor": world.ins_a.pk, "organization": world.org_a.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    inspection = Inspection.objects.get(pk=response.json()["id"])
    assert inspection.region_id == world.ins_a.region_id
    assert inspection.created_by == world.users.nonpublic
    assert PrivateNote.objects.get(inspection=inspection).text == "门卫称一周未见"
    assert "门卫" not in str(response.json())
    for persona in ("instructor", "contact", "unit"):
        client = api(getattr(world.users, persona))
        assert client.get("/api/inspections/").json()["count"] == 0
        assert client.get(f"/api/inspections/{inspection.pk}/").status_code == 404


def test_the_api_refuses_an_instructor_outside_the_committee_in_chinese(world, api):
    response = api(world.users.nonpublic).post(
        "/api/inspections/", {**PAYLOAD, "instructor": world.ins_b.pk}, format="json"
    )
    assert response.status_code == 400
    assert "不在您的管辖范围内" in str(response.json())
    assert not Inspection.objects.exists()


def test_the_api_refuses_a_future_date_in_chinese(world, api):
    response = api(world.users.county).post(
        "/api/inspections/",
        {**PAYLOAD, "instructor": world.ins_a.pk, "date": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "不能晚于今天" in str(response.json())


def test_the_inspected_side_and_auditors_cannot_create_inspections(world, api):
    for persona in ("instructor", "contact", "unit", "auditor"):
        response = api(getattr(world.users, persona)).post(
            "/api/inspections/",
            {**PAYLOAD, "instructor": world.ins_a.pk},
            format="json",
        )
        assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_recorded_inspections_are_not_edited_or_deleted_through_the_api(
    world, api, open_check
):
    client = api(world.users.nonpublic)
    url = f"/api/inspections/{open_check.pk}/"
    assert client.patch(url, {"result": "改"}, format="json").status_code == 405
    assert client.delete(url).status_code in (403, 405)  # no delete permission either
    assert Inspection.objects.filter(pk=open_check.pk, result="基本合格").exists()
