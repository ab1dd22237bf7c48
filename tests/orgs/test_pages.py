"""Organization, party organization, committee and coverage pages: roles and scope."""

import io

import pytest
from openpyxl import load_workbook

from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.validators import make_credit_code
from liangxin.orgs.models import Organization, PartyOrganization

ORG_A, ORG_A2, ORG_B, ORG_FAR = (
    "保德县华鑫煤业有限公司",
    "保德县兴隆商贸有限公司",
    "保德县个体劳动者协会",
    "河曲县黄河发电有限公司",
)


def _text(response):
    return response.content.decode()


def _org_data(world, committee, **extra):
    return {
        "name": "保德县新登记有限公司",
        "credit_code": make_credit_code("91", "140931", "NW000001"),
        "kind": "enterprise",
        "committee": committee.pk,
        "employees": 10,
        "status": "active",
        "formal_members": 0,
        "probationary_members": 0,
        **extra,
    }


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/orgs/",
        "/orgs/new/",
        "/orgs/import/",
        "/orgs/{org}/",
        "/orgs/{org}/edit/",
        "/orgs/party/",
        "/orgs/party/new/",
        "/orgs/party/{po}/",
        "/orgs/party/{po}/edit/",
        "/orgs/committees/",
        "/orgs/coverage/",
        "/system/audit/",
    ],
)
def test_it_sends_an_anonymous_visitor_to_the_login_page(world, client, url):
    url = url.format(org=world.org_a.pk, po=world.po_a.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


# --- organization list -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("county", [ORG_A, ORG_A2, ORG_B], [ORG_FAR]),
        ("auditor", [ORG_A, ORG_A2, ORG_B], [ORG_FAR]),
        ("far_county", [ORG_FAR], [ORG_A, ORG_A2, ORG_B]),
        ("nonpublic", [ORG_A, ORG_A2], [ORG_B, ORG_FAR]),
        ("social", [ORG_B], [ORG_A, ORG_A2, ORG_FAR]),
        ("instructor", [ORG_A], [ORG_A2, ORG_B, ORG_FAR]),
        ("contact", [ORG_A], [ORG_A2, ORG_B, ORG_FAR]),
        ("unit", [ORG_A], [ORG_A2, ORG_B, ORG_FAR]),
    ],
)
def test_it_lists_only_the_organizations_in_the_persona_s_scope(
    world, login, persona, shown, hidden
):
    response = login(getattr(world.users, persona)).get("/orgs/")
    assert response.status_code == 200
    for name in shown:
        assert name in _text(response)
    for name in hidden:
        assert name not in _text(response)


def test_it_ignores_a_committee_filter_pointing_at_another_committee(world, login):
    response = login(world.users.social).get(
        "/orgs/", {"committee": world.nonpublic.pk}
    )
    assert ORG_A not in _text(response)


def test_it_exports_only_the_filtered_organizations_in_scope_and_audits_it(
    world, login
):
    client = login(world.users.nonpublic)
    response = client.get("/orgs/", {"export": "xlsx", "q": "华鑫"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [ORG_A]
    entry = AuditLog.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.user == world.users.nonpublic
    assert "1条" in entry.note


def test_it_exports_nothing_outside_the_scope(world, login):
    response = login(world.users.social).get("/orgs/", {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [ORG_B]


def test_it_refuses_a_post_to_the_organization_list(world, login):
    assert login(world.users.county).post("/orgs/").status_code == 405


# --- organization detail -----------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["county", "auditor", "nonpublic", "instructor", "contact", "unit"]
)
def test_it_shows_an_organization_to_those_in_scope(world, login, persona):
    response = login(getattr(world.users, persona)).get(f"/orgs/{world.org_a.pk}/")
    assert response.status_code == 200
    assert ORG_A in _text(response)


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_hides_an_organization_from_an_outsider(world, login, persona):
    response = login(getattr(world.users, persona)).get(f"/orgs/{world.org_a.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit"])
def test_it_hides_an_unassigned_organization_from_instructor_contact_and_unit(
    world, login, persona
):
    response = login(getattr(world.users, persona)).get(f"/orgs/{world.org_a2.pk}/")
    assert response.status_code == 404


def test_it_answers_404_for_an_organization_that_does_not_exist(world, login):
    assert login(world.users.county).get("/orgs/999999/").status_code == 404


def test_it_refuses_a_post_to_an_organization_detail(world, login):
    assert login(world.users.county).post(f"/orgs/{world.org_a.pk}/").status_code == 405


# --- organization create / edit / import -------------------------------------------------


@pytest.mark.parametrize("url", ["/orgs/new/", "/orgs/import/"])
@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_creating_or_importing_organizations_to_read_only_roles(
    world, login, url, persona
):
    client = login(getattr(world.users, persona))
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_editing_an_organization_to_read_only_roles(world, login, persona):
    client = login(getattr(world.users, persona))
    url = f"/orgs/{world.org_a.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "改名"}).status_code == 403
    world.org_a.refresh_from_db()
    assert world.org_a.name == ORG_A


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_hides_the_edit_page_of_another_committee_s_organization(
    world, login, persona
):
    client = login(getattr(world.users, persona))
    url = f"/orgs/{world.org_a.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, _org_data(world, world.social)).status_code == 404


@pytest.mark.parametrize("persona", ["county", "nonpublic"])
def test_it_shows_the_create_and_import_pages_to_editors(world, login, persona):
    client = login(getattr(world.users, persona))
    assert client.get("/orgs/new/").status_code == 200
    assert client.get("/orgs/import/").status_code == 200
    assert client.get(f"/orgs/{world.org_a.pk}/edit/").status_code == 200


def test_it_lets_committee_staff_register_an_organization_in_their_committee(
    world, login
):
    response = login(world.users.nonpublic).post(
        "/orgs/new/", _org_data(world, world.nonpublic)
    )
    org = Organization.objects.get(name="保德县新登记有限公司")
    assert response.status_code == 302
    assert response["Location"] == f"/orgs/{org.pk}/"
    assert org.committee == world.nonpublic
    assert AuditLog.objects.filter(
        action=AuditAction.CREATE, object_id=str(org.pk)
    ).exists()


def test_it_refuses_committee_staff_registering_under_another_committee(world, login):
    response = login(world.users.social).post(
        "/orgs/new/", _org_data(world, world.nonpublic)
    )
    assert response.status_code == 200
    assert "不在您的管辖范围内" in _text(response)
    assert not Organization.objects.filter(name="保德县新登记有限公司").exists()


def test_it_lets_committee_staff_edit_their_organization(world, login):
    data = _org_data(
        world,
        world.nonpublic,
        name="保德县华鑫煤业集团",
        credit_code=world.org_a.credit_code,
        version=world.org_a.version,
    )
    response = login(world.users.nonpublic).post(f"/orgs/{world.org_a.pk}/edit/", data)
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.name == "保德县华鑫煤业集团"


def test_it_refuses_moving_an_organization_to_another_committee_s_staff(world, login):
    data = _org_data(
        world,
        world.social,
        credit_code=world.org_a.credit_code,
        version=world.org_a.version,
    )
    response = login(world.users.nonpublic).post(f"/orgs/{world.org_a.pk}/edit/", data)
    assert response.status_code == 200
    world.org_a.refresh_from_db()
    assert world.org_a.committee == world.nonpublic


# --- party organizations -----------------------------------------------------------------

PO_A = "中共保德县华鑫煤业有限公司支部委员会"


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county", True),
        ("auditor", True),
        ("nonpublic", True),
        ("instructor", True),
        ("contact", True),
        ("unit", True),
        ("social", False),
        ("far_county", False),
    ],
)
def test_it_lists_party_organizations_in_scope(world, login, persona, sees):
    response = login(getattr(world.users, persona)).get("/orgs/party/")
    assert response.status_code == 200
    assert (PO_A in _text(response)) is sees


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("nonpublic", 200),
        ("instructor", 200),
        ("contact", 200),
        ("unit", 200),
        ("social", 404),
        ("far_county", 404),
    ],
)
def test_it_shows_a_party_organization_only_in_scope(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(f"/orgs/party/{world.po_a.pk}/")
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit", "auditor"])
def test_it_forbids_creating_or_editing_party_organizations_to_read_only_roles(
    world, login, persona
):
    client = login(getattr(world.users, persona))
    assert client.get("/orgs/party/new/").status_code == 403
    assert client.get(f"/orgs/party/{world.po_a.pk}/edit/").status_code == 403
    assert (
        client.post(f"/orgs/party/{world.po_a.pk}/edit/", {"name": "x"}).status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["social", "far_county"])
def test_it_hides_the_edit_page_of_another_committee_s_party_organization(
    world, login, persona
):
    client = login(getattr(world.users, persona))
    assert client.get(f"/orgs/party/{world.po_a.pk}/edit/").status_code == 404


def test_it_lets_committee_staff_create_a_party_organization(world, login):
    response = login(world.users.social).post(
        "/orgs/party/new/",
        {
            "name": "中共保德县个体劳动者协会支部委员会",
            "kind": "branch",
            "committee": world.social.pk,
            "formal_members": 3,
            "probationary_members": 0,
            "term_years": 3,
        },
    )
    assert response.status_code == 302
    po = PartyOrganization.objects.get(name="中共保德县个体劳动者协会支部委员会")
    assert po.committee == world.social
    assert po.region == world.county


def test_it_refuses_a_party_organization_under_another_committee(world, login):
    response = login(world.users.social).post(
        "/orgs/party/new/",
        {
            "name": "越权支部",
            "kind": "branch",
            "committee": world.nonpublic.pk,
            "formal_members": 3,
            "probationary_members": 0,
            "term_years": 3,
        },
    )
    assert response.status_code == 200
    assert not PartyOrganization.objects.filter(name="越权支部").exists()


# --- committees --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        (
            "county",
            ["中共保德县非公有制经济组织委员会", "中共保德县社会组织委员会"],
            ["河曲县"],
        ),
        (
            "nonpublic",
            ["中共保德县非公有制经济组织委员会"],
            ["中共保德县社会组织委员会", "河曲县"],
        ),
        ("far_county", ["中共河曲县非公有制经济组织委员会"], ["保德县"]),
        (
            "instructor",
            ["中共保德县非公有制经济组织委员会", "中共保德县社会组织委员会"],
            ["河曲县"],
        ),
    ],
)
def test_it_lists_the_committees_in_scope(world, login, persona, shown, hidden):
    response = login(getattr(world.users, persona)).get("/orgs/committees/")
    assert response.status_code == 200
    body = _text(response)
    for name in shown:
        assert name in body
    for name in hidden:
        assert name not in body.split("<main", 1)[-1]


@pytest.mark.parametrize("persona", ["contact", "unit"])
def test_it_forbids_the_committee_list_to_contacts_and_unit_liaisons(
    world, login, persona
):
    assert (
        login(getattr(world.users, persona)).get("/orgs/committees/").status_code == 403
    )


# --- coverage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["county", "nonpublic", "social", "auditor", "far_county"]
)
def test_it_shows_the_coverage_page_to_admins_staff_and_auditors(world, login, persona):
    assert (
        login(getattr(world.users, persona)).get("/orgs/coverage/").status_code == 200
    )


@pytest.mark.parametrize("persona", ["instructor", "contact", "unit"])
def test_it_hides_the_coverage_page_from_other_roles(world, login, persona):
    assert (
        login(getattr(world.users, persona)).get("/orgs/coverage/").status_code == 404
    )


def test_it_lists_only_the_staff_s_own_uncovered_organizations_on_the_coverage_page(
    world, login
):
    body = _text(login(world.users.nonpublic).get("/orgs/coverage/"))
    assert ORG_A2 in body
    assert ORG_B not in body


@pytest.mark.parametrize("category", ["", "above_scale"])
def test_the_coverage_page_totals_are_the_figures_of_the_whole_scope(
    world, login, category
):
    from liangxin.coverage import services as coverage

    county = world.users.county
    figures = (
        login(county).get("/orgs/coverage/", {"category": category}).context["figures"]
    )
    expected = coverage.coverage_figures(
        coverage.coverage_queryset(county, category=category or None)
    )
    assert figures == expected
    assert figures.total > 0 or category  # the whole county is never empty


def test_it_hides_coverage_for_another_committee(world, login):
    response = login(world.users.social).get(
        "/orgs/coverage/", {"committee": world.nonpublic.pk}
    )
    assert response.status_code == 404


# --- audit log & dashboard ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("auditor", 200),
        ("far_county", 200),
        ("nonpublic", 403),
        ("social", 403),
        ("instructor", 403),
        ("contact", 403),
        ("unit", 403),
    ],
)
def test_it_shows_the_audit_log_only_to_admins_and_auditors(
    world, login, persona, status
):
    assert (
        login(getattr(world.users, persona)).get("/system/audit/").status_code == status
    )


def test_it_hides_another_county_s_audit_entries(world, login):
    from liangxin.core import audit

    audit.log(user=world.users.far_county, action=AuditAction.UPDATE, obj=world.org_far)
    body = _text(login(world.users.county).get("/system/audit/"))
    assert ORG_FAR not in body
    assert ORG_FAR in _text(login(world.users.far_county).get("/system/audit/"))


@pytest.mark.parametrize(
    "persona",
    [
        "county",
        "auditor",
        "far_county",
        "nonpublic",
        "social",
        "instructor",
        "contact",
        "unit",
    ],
)
def test_it_shows_the_dashboard_to_every_role(world, login, persona):
    assert login(getattr(world.users, persona)).get("/").status_code == 200


def test_it_shows_an_instructor_only_their_own_assignments_on_the_dashboard(
    world, login
):
    body = _text(login(world.users.instructor).get("/"))
    assert ORG_A in body
    assert ORG_B not in body


def test_it_exports_the_audit_log_with_local_times(world, login):
    from liangxin.core import audit

    entry = audit.log(
        user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a
    )
    response = login(world.users.auditor).get("/system/audit/", {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    times = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    from django.utils import timezone

    assert timezone.make_naive(entry.at).replace(microsecond=0) in [
        t.replace(microsecond=0) for t in times
    ]


def test_it_refuses_a_party_organization_founded_after_today(world, login):
    """Coverage counts an organization from its party organization's founding month: a
    founding date still to come would count it in the cards but not in the trend."""
    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = login(world.users.social).post(
        "/orgs/party/new/",
        {
            "name": "未来支部",
            "kind": "branch",
            "committee": world.social.pk,
            "formal_members": 3,
            "probationary_members": 0,
            "founded_on": tomorrow.isoformat(),
            "term_years": 3,
        },
    )
    assert response.status_code == 200
    assert "成立日期不能晚于今天" in response.content.decode()
    assert not PartyOrganization.objects.filter(name="未来支部").exists()
