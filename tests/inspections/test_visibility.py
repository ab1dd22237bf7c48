"""暗访 and private notes never reach instructors, org contacts or unit liaisons — pages, API,
exports, search, counts and history."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liangxin.inspections.models import PrivateNote

INSPECTED = ["instructor", "contact", "unit"]


@pytest.mark.parametrize("persona", INSPECTED)
def test_the_inspected_side_never_opens_a_covert_inspection(
    world, login, covert, persona
):
    response = login(getattr(world.users, persona)).get(covert.get_absolute_url())
    assert response.status_code == 404


@pytest.mark.parametrize("persona", INSPECTED)
def test_the_list_count_and_search_leave_covert_inspections_out(
    world, login, open_check, covert, persona
):
    client = login(getattr(world.users, persona))
    text = client.get(reverse("inspections:inspection_list")).content.decode()
    assert "共 1 条" in text and "暗访" not in text.split("<tbody>")[1]
    searched = client.get(
        reverse("inspections:inspection_list"),
        {"q": world.ins_a.name, "kind": "covert"},
    ).content.decode()
    assert "共 0 条" in searched


@pytest.mark.parametrize("persona", INSPECTED)
def test_the_export_leaves_covert_inspections_out(
    world, login, open_check, covert, persona
):
    response = login(getattr(world.users, persona)).get(
        reverse("inspections:inspection_list") + "?export=xlsx"
    )
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2 and "暗访" not in str(rows)


@pytest.mark.parametrize("persona", INSPECTED)
def test_the_api_leaves_covert_inspections_out(world, api, open_check, covert, persona):
    client = api(getattr(world.users, persona))
    data = client.get("/api/inspections/").json()
    assert data["count"] == 1 and data["results"][0]["kind"] == "open"
    assert client.get(f"/api/inspections/{covert.pk}/").status_code == 404
    assert "内部备注" not in str(
        client.get(f"/api/inspections/{open_check.pk}/").json()
    )


@pytest.mark.parametrize("persona", INSPECTED)
def test_private_notes_are_not_on_the_page_the_inspected_side_sees(
    world, login, open_check, persona
):
    text = (
        login(getattr(world.users, persona))
        .get(open_check.get_absolute_url())
        .content.decode()
    )
    assert "内部备注" not in text and "明查发现台账不全" in text


@pytest.mark.parametrize("persona", INSPECTED)
def test_private_notes_and_covert_records_stay_out_of_the_history(
    world, login, open_check, covert, persona
):
    user = getattr(world.users, persona)
    assert not user.has_perm("core.view_auditlog")
    text = login(user).get(open_check.get_absolute_url()).content.decode()
    assert "变更历史" not in text
    assert login(user).get(reverse("core:audit_list")).status_code == 403


def test_inspectors_see_covert_inspections_and_private_notes(world, login, covert):
    text = login(world.users.nonpublic).get(covert.get_absolute_url()).content.decode()
    assert "暗访发现未在岗的内部备注" in text
    assert PrivateNote.objects.visible_to(world.users.auditor).count() == 1
    assert PrivateNote.objects.visible_to(world.users.instructor).count() == 0


def test_the_other_committee_gets_404(world, login, open_check):
    assert (
        login(world.users.social).get(open_check.get_absolute_url()).status_code == 404
    )


def test_the_dashboard_counts_leave_covert_inspections_out(world, open_check, covert):
    from liangxin.inspections.models import Inspection

    for persona in INSPECTED:
        assert Inspection.objects.visible_to(getattr(world.users, persona)).count() == 1
    assert Inspection.objects.visible_to(world.users.county).count() == 2
