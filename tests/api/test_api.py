"""The REST API: tokens, scoped lists and details, role checks and service rules."""

import datetime

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from liangxin.core.validators import make_credit_code
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment
from tests.factories import api_token

TODAY = datetime.date.today().isoformat()
PERSONAS = [
    "county",
    "auditor",
    "far_county",
    "nonpublic",
    "social",
    "instructor",
    "contact",
    "unit",
]


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def _pks(world, names):
    return {getattr(world, n).pk for n in names}


# --- token & docs ------------------------------------------------------------------------


def test_it_issues_a_token_for_a_correct_password(world, api):
    response = api().post(
        "/api/auth/token/", {"username": "nonpublic", "password": "pw-for-tests-1"}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.filter(user=world.users.nonpublic).count() == 1
    listing = api().get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200


def test_it_refuses_a_token_for_a_wrong_password(world, api):
    response = api().post(
        "/api/auth/token/", {"username": "nonpublic", "password": "wrong"}
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_refuses_a_get_on_the_token_endpoint(world, api):
    assert api().get("/api/auth/token/").status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/api/organizations/",
        "/api/party-organizations/",
        "/api/committees/",
        "/api/units/",
        "/api/instructors/",
        "/api/assignments/",
        "/api/coverage/",
        "/api/schema/",
        "/api/docs/",
    ],
)
def test_it_refuses_an_anonymous_client(world, api, url):
    assert api().get(url).status_code in (401, 403)


def test_it_refuses_a_bad_token(world, api):
    response = api().get("/api/organizations/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


def test_it_serves_the_schema_and_docs_to_a_signed_in_user(world, api):
    client = api(world.users.instructor)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


# --- scoped lists ------------------------------------------------------------------------

LISTS = {
    "/api/organizations/": {
        "county": ["org_a", "org_a2", "org_b"],
        "auditor": ["org_a", "org_a2", "org_b"],
        "far_county": ["org_far"],
        "nonpublic": ["org_a", "org_a2"],
        "social": ["org_b"],
        "instructor": ["org_a"],
        "contact": ["org_a"],
        "unit": ["org_a"],
    },
    "/api/party-organizations/": {
        "county": ["po_a"],
        "auditor": ["po_a"],
        "far_county": [],
        "nonpublic": ["po_a"],
        "social": [],
        "instructor": ["po_a"],
        "contact": ["po_a"],
        "unit": ["po_a"],
    },
    "/api/committees/": {
        "county": ["nonpublic", "social"],
        "auditor": ["nonpublic", "social"],
        "far_county": ["far"],
        "nonpublic": ["nonpublic"],
        "social": ["social"],
        "instructor": ["nonpublic", "social"],
        "contact": None,
        "unit": None,
    },
    "/api/units/": {
        "county": ["unit_a", "unit_b"],
        "auditor": ["unit_a", "unit_b"],
        "far_county": [],
        "nonpublic": ["unit_a", "unit_b"],
        "social": ["unit_a", "unit_b"],
        "instructor": ["unit_a"],
        "contact": None,
        "unit": ["unit_a"],
    },
    "/api/instructors/": {
        "county": ["ins_a", "ins_b", "ins_idle"],
        "auditor": ["ins_a", "ins_b", "ins_idle"],
        "far_county": [],
        "nonpublic": ["ins_a", "ins_idle"],
        "social": ["ins_b"],
        "instructor": ["ins_a"],
        "contact": ["ins_a"],
        "unit": ["ins_a", "ins_idle"],
    },
    "/api/assignments/": {
        "county": ["asg_a", "asg_b"],
        "auditor": ["asg_a", "asg_b"],
        "far_county": [],
        "nonpublic": ["asg_a"],
        "social": ["asg_b"],
        "instructor": ["asg_a"],
        "contact": ["asg_a"],
        "unit": ["asg_a"],
    },
}
LIST_CASES = [(url, p) for url in LISTS for p in PERSONAS]


@pytest.mark.parametrize(
    ("url", "persona"), LIST_CASES, ids=[f"{u}-{p}" for u, p in LIST_CASES]
)
def test_it_lists_only_the_records_in_the_persona_s_scope(world, api, url, persona):
    expected = LISTS[url][persona]
    response = api(getattr(world.users, persona)).get(url)
    if expected is None:  # the role lacks the view permission
        assert response.status_code == 403
        return
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(expected)
    assert _ids(response) == _pks(world, expected)


# --- details outside scope ---------------------------------------------------------------

DETAILS = [
    ("/api/organizations/{}/", "org_a"),
    ("/api/party-organizations/{}/", "po_a"),
    ("/api/committees/{}/", "nonpublic"),
    ("/api/instructors/{}/", "ins_a"),
    ("/api/assignments/{}/", "asg_a"),
]


@pytest.mark.parametrize(("url", "record"), DETAILS)
@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_answers_404_for_a_record_outside_the_scope(
    world, api, url, record, persona
):
    response = api(getattr(world.users, persona)).get(
        url.format(getattr(world, record).pk)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(("url", "record"), DETAILS)
def test_it_shows_a_record_inside_the_scope(world, api, url, record):
    response = api(world.users.nonpublic).get(url.format(getattr(world, record).pk))
    assert response.status_code == 200
    assert response.json()["id"] == getattr(world, record).pk


def test_it_hides_another_county_s_unit(world, api):
    response = api(world.users.far_county).get(f"/api/units/{world.unit_a.pk}/")
    assert response.status_code == 404


def test_it_hides_an_unassigned_organization_from_an_instructor(world, api):
    response = api(world.users.instructor).get(f"/api/organizations/{world.org_a2.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_refuses_editing_a_record_outside_the_scope(world, api, persona):
    response = api(getattr(world.users, persona)).patch(
        f"/api/organizations/{world.org_a.pk}/", {"name": "改名"}, format="json"
    )
    assert response.status_code == 404
    world.org_a.refresh_from_db()
    assert world.org_a.name == "保德县华鑫煤业有限公司"


# --- writes ------------------------------------------------------------------------------


def _org_payload(committee, **extra):
    return {
        "name": "保德县接口登记有限公司",
        "credit_code": make_credit_code("91", "140931", "AP000001"),
        "kind": "enterprise",
        "committee": committee.pk,
        "employees": 10,
        "status": "active",
        "formal_members": 0,
        "probationary_members": 0,
        **extra,
    }


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_read_only_roles_to_post_an_organization(world, api, persona):
    response = api(getattr(world.users, persona)).post(
        "/api/organizations/", _org_payload(world.nonpublic), format="json"
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="保德县接口登记有限公司").exists()


def test_it_lets_committee_staff_post_an_organization_of_their_committee(world, api):
    response = api(world.users.nonpublic).post(
        "/api/organizations/", _org_payload(world.nonpublic), format="json"
    )
    assert response.status_code == 201, response.json()
    org = Organization.objects.get(name="保德县接口登记有限公司")
    assert response.json()["id"] == org.pk
    assert org.region == world.county


def test_it_refuses_an_organization_under_another_committee_in_chinese(world, api):
    response = api(world.users.social).post(
        "/api/organizations/", _org_payload(world.nonpublic), format="json"
    )
    assert response.status_code == 400
    message = " ".join(response.json()["committee"])
    assert "管辖范围" in message
    assert not Organization.objects.filter(name="保德县接口登记有限公司").exists()


def test_it_refuses_moving_an_organization_to_another_committee(world, api):
    response = api(world.users.nonpublic).patch(
        f"/api/organizations/{world.org_a.pk}/",
        {"committee": world.social.pk},
        format="json",
    )
    assert response.status_code == 400
    world.org_a.refresh_from_db()
    assert world.org_a.committee == world.nonpublic


def test_it_forbids_committee_staff_to_delete_an_organization(world, api):
    response = api(world.users.nonpublic).delete(
        f"/api/organizations/{world.org_a.pk}/"
    )
    assert response.status_code in (403, 405)
    assert Organization.objects.filter(pk=world.org_a.pk).exists()


def test_it_refuses_a_second_active_assignment_in_chinese_and_stores_nothing(
    world, api
):
    before = Assignment.objects.count()
    response = api(world.users.nonpublic).post(
        "/api/assignments/",
        {
            "organization": world.org_a.pk,
            "instructor": world.ins_idle.pk,
            "started_on": TODAY,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "已有在岗指导员" in str(response.json())
    assert Assignment.objects.count() == before
    assert Assignment.objects.get(organization=world.org_a) == world.asg_a


def test_it_lets_committee_staff_assign_through_the_api(world, api):
    response = api(world.users.nonpublic).post(
        "/api/assignments/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_idle.pk,
            "started_on": TODAY,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (
        Assignment.objects.get(organization=world.org_a2).instructor == world.ins_idle
    )


def test_it_refuses_assigning_to_another_committee_s_organization(world, api):
    response = api(world.users.social).post(
        "/api/assignments/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_b.pk,
            "started_on": TODAY,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Assignment.objects.filter(organization=world.org_a2).exists()


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_read_only_roles_to_post_an_assignment(world, api, persona):
    response = api(getattr(world.users, persona)).post(
        "/api/assignments/",
        {
            "organization": world.org_a2.pk,
            "instructor": world.ins_idle.pk,
            "started_on": TODAY,
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Assignment.objects.filter(organization=world.org_a2).exists()


def test_it_lets_committee_staff_end_an_assignment(world, api):
    response = api(world.users.nonpublic).post(
        f"/api/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "到龄退出"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["ended_on"] == TODAY
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on == datetime.date.today()


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_read_only_roles_to_end_an_assignment(world, api, persona):
    response = api(getattr(world.users, persona)).post(
        f"/api/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "x"},
        format="json",
    )
    assert response.status_code in (403, 404)
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on is None


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_hides_another_committee_s_assignment_from_the_end_action(
    world, api, persona
):
    response = api(getattr(world.users, persona)).post(
        f"/api/assignments/{world.asg_a.pk}/end/",
        {"ended_on": TODAY, "end_reason": "x"},
        format="json",
    )
    assert response.status_code == 404
    world.asg_a.refresh_from_db()
    assert world.asg_a.ended_on is None


def test_it_refuses_a_get_on_the_end_action(world, api):
    response = api(world.users.nonpublic).get(f"/api/assignments/{world.asg_a.pk}/end/")
    assert response.status_code == 405


def test_it_refuses_editing_an_assignment(world, api):
    response = api(world.users.nonpublic).patch(
        f"/api/assignments/{world.asg_a.pk}/",
        {"started_on": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 405


@pytest.mark.parametrize("url", ["/api/committees/", "/api/units/"])
def test_it_refuses_writes_to_read_only_endpoints(world, api, url):
    response = api(world.users.county).post(url, {"name": "x"}, format="json")
    assert response.status_code in (403, 405)


# --- phone masking -----------------------------------------------------------------------


def test_it_masks_instructor_phone_numbers_for_a_unit_liaison(world, api):
    rows = api(world.users.unit).get("/api/instructors/").json()["results"]
    assert rows
    assert {row["phone"] for row in rows} == {"139****5678"}


@pytest.mark.parametrize("persona", ["auditor", "contact"])
def test_it_masks_instructor_phone_numbers_for_auditors_and_contacts(
    world, api, persona
):
    rows = api(getattr(world.users, persona)).get("/api/instructors/").json()["results"]
    assert all(row["phone"] == "139****5678" for row in rows)


def test_it_shows_an_instructor_their_own_phone_number(world, api):
    rows = api(world.users.instructor).get("/api/instructors/").json()["results"]
    assert [row["phone"] for row in rows] == ["13912345678"]


@pytest.mark.parametrize("persona", ["county", "nonpublic"])
def test_it_shows_phone_numbers_to_admins_and_committee_staff(world, api, persona):
    rows = api(getattr(world.users, persona)).get("/api/instructors/").json()["results"]
    assert rows and all(row["phone"] == "13912345678" for row in rows)


# --- coverage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "total"),
    [
        ("county", 3),
        ("auditor", 3),
        ("nonpublic", 2),
        ("social", 1),
        ("far_county", 1),
    ],
)
def test_it_reports_coverage_over_the_scope(world, api, persona, total):
    response = api(getattr(world.users, persona)).get("/api/coverage/")
    assert response.status_code == 200
    assert response.json()["figures"]["total"] == total


def test_it_lists_only_the_staff_s_uncovered_organizations(world, api):
    data = api(world.users.nonpublic).get("/api/coverage/").json()
    assert [row["id"] for row in data["uncovered"]] == [world.org_a2.pk]
    assert [row["committee"] for row in data["by_committee"]] == [world.nonpublic.pk]


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit"])
def test_it_hides_coverage_from_other_roles(world, api, persona):
    assert api(getattr(world.users, persona)).get("/api/coverage/").status_code == 404


def test_it_hides_coverage_of_another_committee(world, api):
    response = api(world.users.social).get(
        "/api/coverage/", {"committee": world.nonpublic.pk}
    )
    assert response.status_code == 404


def test_it_refuses_a_post_to_coverage(world, api):
    assert api(world.users.county).post("/api/coverage/").status_code == 405
