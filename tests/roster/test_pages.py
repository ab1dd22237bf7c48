"""Instructor, unit and assignment pages: roles and scope."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from liangxin.core.models import AuditAction, AuditLog
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor

INS_A, INS_B, INS_IDLE = "张建国", "李秀英", "王志强"
TODAY = datetime.date.today().isoformat()


def _text(response):
    return response.content.decode()


def _main(response):
    return _text(response).split("<main", 1)[-1]


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/roster/instructors/",
        "/roster/instructors/new/",
        "/roster/instructors/import/",
        "/roster/instructors/{ins}/",
        "/roster/instructors/{ins}/edit/",
        "/roster/units/",
        "/roster/units/new/",
        "/roster/units/{unit}/",
        "/roster/units/{unit}/edit/",
        "/roster/assignments/",
        "/roster/assignments/new/",
        "/roster/assignments/import/",
        "/roster/assignments/{asg}/",
    ],
)
def test_it_sends_an_anonymous_visitor_to_the_login_page(world, client, url):
    url = url.format(ins=world.ins_a.pk, unit=world.unit_a.pk, asg=world.asg_a.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_it_sends_an_anonymous_post_to_end_an_assignment_to_the_login_page(
    world, client
):
    response = client.post(
        f"/roster/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "x"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on is None


# --- instructors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("county", [INS_A, INS_B, INS_IDLE], []),
        ("auditor", [INS_A, INS_B, INS_IDLE], []),
        ("far_county", [], [INS_A, INS_B, INS_IDLE]),
        ("nonpublic", [INS_A, INS_IDLE], [INS_B]),
        ("social", [INS_B], [INS_A, INS_IDLE]),
        ("instructor", [INS_A], [INS_B, INS_IDLE]),
        ("contact", [INS_A], [INS_B, INS_IDLE]),
        ("unit", [INS_A, INS_IDLE], [INS_B]),
    ],
)
def test_it_lists_only_the_instructors_in_scope(world, login, persona, shown, hidden):
    response = login(getattr(world.users, persona)).get("/roster/instructors/")
    assert response.status_code == 200
    for name in shown:
        assert name in _main(response)
    for name in hidden:
        assert name not in _main(response)


def test_it_exports_only_the_instructors_in_scope(world, login):
    response = login(world.users.social).get("/roster/instructors/", {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [INS_B]
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, user=world.users.social
    ).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("auditor", 200),
        ("nonpublic", 200),
        ("instructor", 200),
        ("contact", 200),
        ("unit", 200),
        ("social", 404),
        ("far_county", 404),
    ],
)
def test_it_shows_an_instructor_only_in_scope(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(
        f"/roster/instructors/{world.ins_a.pk}/"
    )
    assert response.status_code == status


def test_it_hides_an_idle_instructor_from_another_instructor_and_the_contact(
    world, login
):
    for persona in ("instructor", "contact"):
        client = login(getattr(world.users, persona))
        assert (
            client.get(f"/roster/instructors/{world.ins_idle.pk}/").status_code == 404
        )


def test_it_masks_the_phone_number_for_a_unit_liaison(world, login):
    body = _text(login(world.users.unit).get(f"/roster/instructors/{world.ins_a.pk}/"))
    assert "13912345678" not in body


def test_only_managers_get_the_full_phone_number(world, login):
    for persona in ("unit", "auditor"):
        client = login(getattr(world.users, persona))
        body = client.post(f"/roster/instructors/{world.ins_a.pk}/phone/")
        assert "13912345678" not in body.content.decode()
        page = _text(client.get(f"/roster/instructors/{world.ins_a.pk}/"))
        assert "显示完整号码" not in page
    own = login(world.users.instructor).get(f"/roster/instructors/{world.ins_a.pk}/")
    assert "13912345678" in _text(own) and "显示完整号码" not in _text(own)
    # out of scope: 404, as every record
    client = login(world.users.far_county)
    assert (
        client.post(f"/roster/instructors/{world.ins_a.pk}/phone/").status_code == 404
    )


@pytest.mark.parametrize(
    "persona", ["nonpublic", "instructor", "contact", "unit", "auditor"]
)
def test_it_forbids_creating_importing_or_editing_instructors_to_non_admins(
    world, login, persona
):
    client = login(getattr(world.users, persona))
    assert client.get("/roster/instructors/new/").status_code == 403
    assert client.get("/roster/instructors/import/").status_code == 403
    assert client.get(f"/roster/instructors/{world.ins_a.pk}/edit/").status_code == 403
    assert (
        client.post(
            f"/roster/instructors/{world.ins_a.pk}/edit/", {"name": "x"}
        ).status_code
        == 403
    )
    world.ins_a.refresh_from_db()
    assert world.ins_a.name == INS_A


def test_it_hides_the_edit_page_of_another_county_s_instructor(world, login):
    response = login(world.users.far_county).get(
        f"/roster/instructors/{world.ins_a.pk}/edit/"
    )
    assert response.status_code == 404


def test_it_lets_a_county_admin_create_an_instructor(world, login):
    response = login(world.users.county).post(
        "/roster/instructors/new/",
        {
            "name": "赵新华",
            "gender": "male",
            "phone": "13800001111",
            "source": "young_cadre",
            "unit": world.unit_b.pk,
            "committee": world.social.pk,
            "status": "active",
        },
    )
    assert response.status_code == 302
    ins = Instructor.objects.get(name="赵新华")
    assert ins.region == world.county


def test_it_refuses_an_instructor_under_another_county_s_committee(world, login):
    response = login(world.users.far_county).post(
        "/roster/instructors/new/",
        {
            "name": "越权",
            "gender": "male",
            "source": "young_cadre",
            "unit": world.unit_a.pk,
            "committee": world.nonpublic.pk,
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert not Instructor.objects.filter(name="越权").exists()


def test_it_shows_the_instructor_create_and_import_pages_to_a_county_admin(
    world, login
):
    client = login(world.users.county)
    assert client.get("/roster/instructors/new/").status_code == 200
    assert client.get("/roster/instructors/import/").status_code == 200
    assert client.get(f"/roster/instructors/{world.ins_a.pk}/edit/").status_code == 200


# --- units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("county", ["县发展和改革局", "县民政局"], []),
        ("nonpublic", ["县发展和改革局", "县民政局"], []),
        ("instructor", ["县发展和改革局"], ["县民政局"]),
        ("unit", ["县发展和改革局"], ["县民政局"]),
        ("far_county", [], ["县发展和改革局", "县民政局"]),
    ],
)
def test_it_lists_only_the_units_in_scope(world, login, persona, shown, hidden):
    response = login(getattr(world.users, persona)).get("/roster/units/")
    assert response.status_code == 200
    for name in shown:
        assert name in _main(response)
    for name in hidden:
        assert name not in _main(response)


def test_it_forbids_the_unit_pages_to_an_organization_contact(world, login):
    client = login(world.users.contact)
    assert client.get("/roster/units/").status_code == 403
    assert client.get(f"/roster/units/{world.unit_a.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("nonpublic", 200),
        ("unit", 200),
        ("instructor", 200),
        ("far_county", 404),
    ],
)
def test_it_shows_a_unit_only_in_scope(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(
        f"/roster/units/{world.unit_a.pk}/"
    )
    assert response.status_code == status


def test_it_hides_another_unit_from_a_unit_liaison(world, login):
    assert (
        login(world.users.unit).get(f"/roster/units/{world.unit_b.pk}/").status_code
        == 404
    )


def test_it_hides_the_other_committee_s_instructors_on_a_unit_page(world, login):
    body = _main(login(world.users.social).get(f"/roster/units/{world.unit_a.pk}/"))
    assert (
        INS_A not in body
    )  # social staff see the unit but not the other committee's people


@pytest.mark.parametrize("persona", ["nonpublic", "instructor", "unit", "auditor"])
def test_it_forbids_creating_or_editing_units_to_non_admins(world, login, persona):
    client = login(getattr(world.users, persona))
    assert client.get("/roster/units/new/").status_code == 403
    assert client.post("/roster/units/new/", {"name": "x"}).status_code == 403
    assert client.get(f"/roster/units/{world.unit_a.pk}/edit/").status_code == 403


def test_it_hides_the_edit_page_of_another_county_s_unit(world, login):
    assert (
        login(world.users.far_county)
        .get(f"/roster/units/{world.unit_a.pk}/edit/")
        .status_code
        == 404
    )


def test_it_lets_a_county_admin_create_a_unit_in_their_county(world, login):
    response = login(world.users.county).post(
        "/roster/units/new/", {"name": "县教育局"}
    )
    assert response.status_code == 302
    assert DispatchingUnit.objects.get(name="县教育局").region == world.county


# --- assignments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("county", ["保德县华鑫煤业有限公司", "保德县个体劳动者协会"], []),
        ("nonpublic", ["保德县华鑫煤业有限公司"], ["保德县个体劳动者协会"]),
        ("social", ["保德县个体劳动者协会"], ["保德县华鑫煤业有限公司"]),
        ("instructor", ["保德县华鑫煤业有限公司"], ["保德县个体劳动者协会"]),
        ("contact", ["保德县华鑫煤业有限公司"], ["保德县个体劳动者协会"]),
        ("unit", ["保德县华鑫煤业有限公司"], ["保德县个体劳动者协会"]),
        ("far_county", [], ["保德县华鑫煤业有限公司", "保德县个体劳动者协会"]),
    ],
)
def test_it_lists_only_the_assignments_in_scope(world, login, persona, shown, hidden):
    response = login(getattr(world.users, persona)).get("/roster/assignments/")
    assert response.status_code == 200
    for name in shown:
        assert name in _main(response)
    for name in hidden:
        assert name not in _main(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("nonpublic", 200),
        ("instructor", 200),
        ("contact", 200),
        ("unit", 200),
        ("auditor", 200),
        ("social", 404),
        ("far_county", 404),
    ],
)
def test_it_shows_an_assignment_only_in_scope(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(
        f"/roster/assignments/{world.asg_a.pk}/"
    )
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_assigning_or_importing_to_read_only_roles(world, login, persona):
    client = login(getattr(world.users, persona))
    assert client.get("/roster/assignments/new/").status_code == 403
    assert (
        client.post(
            "/roster/assignments/new/",
            {
                "organization": world.org_a2.pk,
                "instructor": world.ins_idle.pk,
                "started_on": TODAY,
            },
        ).status_code
        == 403
    )
    assert client.get("/roster/assignments/import/").status_code == 403
    assert not Assignment.objects.filter(organization=world.org_a2).exists()


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_ending_an_assignment_to_read_only_roles(world, login, persona):
    response = login(getattr(world.users, persona)).post(
        f"/roster/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "x"},
    )
    assert response.status_code == 403
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on is None


def test_it_refuses_a_get_on_the_end_action(world, login):
    response = login(world.users.nonpublic).get(
        f"/roster/assignments/{world.asg_a.pk}/end/"
    )
    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_hides_another_committee_s_assignment_from_the_end_action(
    world, login, persona
):
    response = login(getattr(world.users, persona)).post(
        f"/roster/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "x"},
    )
    assert response.status_code == 404
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on is None


def test_it_lets_committee_staff_end_their_assignment(world, login):
    response = login(world.users.nonpublic).post(
        f"/roster/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "到龄退出", "version": world.asg_a.version},
    )
    assert response.status_code == 302
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on == datetime.date.today()
    assert AuditLog.objects.filter(
        action=AuditAction.END, object_id=str(world.asg_a.pk)
    ).exists()


def test_it_lets_committee_staff_assign_an_instructor_to_their_organization(
    world, login
):
    response = login(world.users.nonpublic).post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_idle.pk,
            "started_on": TODAY,
        },
    )
    assert response.status_code == 302
    assert (
        Assignment.objects.filter(
            organization=world.org_a2, ended_on__isnull=True
        ).count()
        == 1
    )


def test_it_hides_another_committee_s_organization_from_the_assign_page(world, login):
    response = login(world.users.social).get(
        "/roster/assignments/new/", {"organization": world.org_a.pk}
    )
    assert response.status_code == 404


def test_it_refuses_assigning_to_another_committee_s_organization(world, login):
    response = login(world.users.social).post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_b.pk,
            "started_on": TODAY,
        },
    )
    assert response.status_code == 200
    assert not Assignment.objects.filter(organization=world.org_a2).exists()


def test_it_refuses_a_second_active_assignment_with_a_chinese_message(world, login):
    response = login(world.users.nonpublic).post(
        "/roster/assignments/new/",
        {
            "organization": world.org_a.pk,
            "instructor": world.ins_idle.pk,
            "started_on": TODAY,
        },
    )
    assert response.status_code == 200
    assert "已有在岗指导员" in _text(response)
    assert Assignment.objects.filter(organization=world.org_a).count() == 1


def test_it_shows_the_assign_and_import_pages_to_committee_staff(world, login):
    client = login(world.users.nonpublic)
    assert client.get("/roster/assignments/new/").status_code == 200
    assert client.get("/roster/assignments/import/").status_code == 200


def test_an_instructors_page_runs_at_most_fifteen_queries(
    world, login, django_assert_max_num_queries
):
    client = login(world.users.county)
    url = f"/roster/instructors/{world.ins_a.pk}/"
    client.get(url)  # the process's content types read once
    # session, user, the instructor, the history, this month's days (4), each section's
    # rows; the phone is masked until asked for, so nothing is written
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.status_code == 200 and "张建国" in page.content.decode()
