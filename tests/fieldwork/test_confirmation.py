"""Confirmation: only the contact of the visited organization confirms or disputes, audited."""

import pytest

from liangxin.core.models import AuditLog, Role
from liangxin.core.services import ServiceError
from liangxin.fieldwork import services
from liangxin.fieldwork.models import VisitStatus
from tests import factories as f
from tests.fieldwork.conftest import days_ago


@pytest.fixture
def visit(world, make_visit):
    return make_visit(world.asg_a, days_ago(1))


def _logs(visit):
    return AuditLog.objects.filter(content_type__model="visit", object_id=str(visit.pk))


def test_the_contact_confirms_through_the_page(world, visit, login):
    response = login(world.users.contact).post(
        f"/fieldwork/visits/{visit.pk}/confirm/", {"version": visit.version}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED
    assert visit.confirmed_by == world.users.contact and visit.confirmed_at is not None
    log = _logs(visit).get()
    assert log.before["status"] == "pending" and log.after["status"] == "confirmed"
    assert log.note == "联络员确认到岗"


def test_the_contact_disputes_with_a_reason(world, visit, login):
    response = login(world.users.contact).post(
        f"/fieldwork/visits/{visit.pk}/dispute/", {"reason": "当天企业停工，未见指导员"}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DISPUTED
    assert visit.dispute_reason == "当天企业停工，未见指导员"
    assert "当天企业停工" in _logs(visit).get().note


def test_a_dispute_without_a_reason_is_refused(world, visit, login):
    client = login(world.users.contact)
    response = client.post(
        f"/fieldwork/visits/{visit.pk}/dispute/", {"reason": "  "}, follow=True
    )
    assert "请填写异议理由" in response.content.decode()
    with pytest.raises(ServiceError, match="请填写异议理由"):
        services.dispute_visit(user=world.users.contact, visit=visit, reason="")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING
    assert not _logs(visit).exists()


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("instructor", 403),  # sees the visit, may not confirm own work
        ("nonpublic", 403),  # the committee sees it but does not confirm
        ("county", 403),
        ("unit", 403),
        ("auditor", 403),
        ("social", 404),  # outside the scope: no hint it exists
        ("far_county", 404),
    ],
)
@pytest.mark.parametrize("action", ["confirm", "dispute"])
def test_others_may_not_decide(world, visit, login, persona, code, action):
    user = getattr(world.users, persona)
    response = login(user).post(
        f"/fieldwork/visits/{visit.pk}/{action}/", {"reason": "x"}
    )
    assert response.status_code == code
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING
    assert not _logs(visit).exists()


def test_the_contact_of_another_organization_gets_a_404(world, visit, login):
    other = f.UserFactory(
        username="contact002",
        role=Role.ORG_CONTACT,
        organization=world.org_b,
        region=world.county,
    )
    response = login(other).post(f"/fieldwork/visits/{visit.pk}/confirm/")
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING


def test_the_service_refuses_anyone_but_the_contact(world, visit):
    for user in (world.users.instructor, world.users.nonpublic, world.users.county):
        with pytest.raises(ServiceError, match="只有该组织的党建联络员"):
            services.confirm_visit(user=user, visit=visit)
    assert not _logs(visit).exists()


def test_a_decided_visit_is_not_decided_again(world, visit):
    services.confirm_visit(user=world.users.contact, visit=visit)
    with pytest.raises(ServiceError, match="已处理"):
        services.dispute_visit(user=world.users.contact, visit=visit, reason="改主意")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED


def test_a_get_does_not_confirm(world, visit, login):
    response = login(world.users.contact).get(f"/fieldwork/visits/{visit.pk}/confirm/")
    assert response.status_code == 405


def test_the_detail_shows_the_buttons_to_the_contact_only(world, visit, login):
    assert (
        "确认指导员当天到岗"
        in login(world.users.contact).get(visit.get_absolute_url()).content.decode()
    )
    text = login(world.users.nonpublic).get(visit.get_absolute_url()).content.decode()
    assert "确认指导员当天到岗" not in text and "张建国" in text


# --- the same through the API -------------------------------------------------------------


def test_the_contact_confirms_through_the_api(world, visit, api):
    response = api(world.users.contact).post(f"/api/visits/{visit.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert _logs(visit).count() == 1


def test_the_contact_disputes_through_the_api_with_a_reason_only(world, visit, api):
    client = api(world.users.contact)
    refused = client.post(
        f"/api/visits/{visit.pk}/dispute/", {"reason": ""}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"reason": ["请填写异议理由。"]}
    assert not _logs(visit).exists()
    response = client.post(
        f"/api/visits/{visit.pk}/dispute/", {"reason": "未见到人"}, format="json"
    )
    assert response.json()["status"] == "disputed"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("instructor", 403),
        ("nonpublic", 403),
        ("county", 403),
        ("social", 404),
        ("far_county", 404),
    ],
)
def test_others_may_not_decide_through_the_api(world, visit, api, persona, code):
    response = api(getattr(world.users, persona)).post(
        f"/api/visits/{visit.pk}/confirm/"
    )
    assert response.status_code == code
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING


def test_an_anonymous_api_call_may_not_decide(world, visit, api):
    assert api().post(f"/api/visits/{visit.pk}/confirm/").status_code in (401, 403)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING
