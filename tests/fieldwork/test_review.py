"""The committee's review: late entries beyond the window wait for approval; disputed and
long-unconfirmed visits are upheld or rejected; every decision is audited; a closed month
refuses them all; the first confirmed check-in sets a missing geofence."""

import datetime
import decimal

import pytest
from django.utils import timezone

from liangxin.core.models import AuditLog, Policy
from liangxin.core.services import ServiceError
from liangxin.fieldwork import compliance, services
from liangxin.fieldwork.models import (
    Activity,
    MonthClose,
    RecordedVia,
    Visit,
    VisitStatus,
)
from tests.fieldwork.conftest import days_ago


def _audits(obj):
    return AuditLog.objects.for_object(obj).count()


@pytest.fixture
def late(world):
    """A late entry four days back (beyond the default window of three)."""
    return services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=days_ago(4),
        activities=[Activity.RESEARCH],
        on_site=False,
    )


@pytest.fixture
def stale(world, make_visit):
    visit = make_visit(world.asg_a, days_ago(10))
    Visit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8),
        recorded_at=timezone.now() - datetime.timedelta(days=8),
    )
    visit.refresh_from_db()
    return visit


def test_a_late_entry_beyond_the_window_awaits_approval_and_does_not_count(world, late):
    assert late.status == VisitStatus.AWAITING_APPROVAL
    assert late.recorded_via == RecordedVia.LATE_ENTRY
    assert "待行业党委审批" in AuditLog.objects.for_object(late).get().note
    rows = compliance.monthly_compliance(
        world.users.county, late.date.year, late.date.month
    )
    row = next(r for r in rows if r.instructor_id == world.ins_a.pk)
    assert (row.confirmed_days, row.pending_days) == (0, 0)


def test_the_window_comes_from_the_policy(world):
    Policy.objects.create(region=world.county, year=days_ago(2).year, late_entry_days=1)
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=days_ago(2),
        activities=[Activity.RESEARCH],
    )
    assert visit.status == VisitStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("persona", ["nonpublic", "county"])
def test_the_committee_approves_a_late_entry_then_the_contact_confirms(
    world, late, persona
):
    user = getattr(world.users, persona)
    services.approve_late_entry(user=user, visit=late)
    assert late.status == VisitStatus.PENDING and late.reviewed_by == user
    services.confirm_visit(user=world.users.contact, visit=late)
    assert late.status == VisitStatus.CONFIRMED
    assert _audits(late) == 3


def test_rejecting_a_late_entry_needs_a_reason(world, late):
    with pytest.raises(ServiceError, match="请填写理由"):
        services.reject_late_entry(user=world.users.nonpublic, visit=late, reason=" ")
    late.refresh_from_db()
    assert late.status == VisitStatus.AWAITING_APPROVAL and _audits(late) == 1
    services.reject_late_entry(
        user=world.users.nonpublic, visit=late, reason="无佐证材料"
    )
    assert late.status == VisitStatus.REJECTED and late.review_reason == "无佐证材料"
    assert "无佐证材料" in AuditLog.objects.for_object(late).first().note


@pytest.mark.parametrize(
    "persona", ["social", "far_county", "contact", "instructor", "auditor"]
)
def test_others_may_not_approve(world, late, persona):
    with pytest.raises(ServiceError, match="只有该组织所属行业党委"):
        services.approve_late_entry(user=getattr(world.users, persona), visit=late)
    late.refresh_from_db()
    assert late.status == VisitStatus.AWAITING_APPROVAL and _audits(late) == 1


def test_the_contact_cannot_confirm_before_approval(world, late):
    with pytest.raises(ServiceError, match="已处理"):
        services.confirm_visit(user=world.users.contact, visit=late)


def test_the_committee_upholds_a_disputed_visit(world, make_visit, today):
    visit = make_visit(world.asg_a, today)
    services.dispute_visit(user=world.users.contact, visit=visit, reason="当天未见到人")
    services.uphold_visit(
        user=world.users.nonpublic, visit=visit, reason="有会议签到表为证"
    )
    assert visit.status == VisitStatus.CONFIRMED
    assert _audits(visit) == 2
    row = next(
        r
        for r in compliance.monthly_compliance(
            world.users.county, today.year, today.month
        )
        if r.instructor_id == world.ins_a.pk
    )
    assert row.confirmed_days == 1


def test_the_committee_rejects_a_long_unconfirmed_visit(world, stale):
    services.reject_visit(
        user=world.users.county, visit=stale, reason="联络员核实未到岗"
    )
    assert stale.status == VisitStatus.REJECTED and _audits(stale) == 1


def test_a_recent_pending_visit_is_left_to_the_contact(world, make_visit, today):
    visit = make_visit(world.asg_a, today)
    with pytest.raises(ServiceError, match="确认期限（7 天）未到"):
        services.uphold_visit(user=world.users.nonpublic, visit=visit, reason="理由")
    assert _audits(visit) == 0


def test_a_decision_needs_a_reason(world, stale):
    with pytest.raises(ServiceError, match="请填写理由"):
        services.uphold_visit(user=world.users.nonpublic, visit=stale, reason="")
    stale.refresh_from_db()
    assert stale.status == VisitStatus.PENDING


def test_a_closed_month_refuses_approvals_and_decisions(world, late, stale, make_visit):
    for date in {late.date, stale.date}:
        MonthClose.objects.get_or_create(
            region=world.county, year=date.year, month=date.month
        )
    with pytest.raises(ServiceError, match="该月已结账，不能再修改"):
        services.approve_late_entry(user=world.users.nonpublic, visit=late)
    with pytest.raises(ServiceError, match="该月已结账，不能再修改"):
        services.uphold_visit(user=world.users.nonpublic, visit=stale, reason="理由")
    with pytest.raises(ServiceError, match="该月已结账，不能再修改"):
        services.confirm_visit(user=world.users.contact, visit=stale)
    late.refresh_from_db()
    stale.refresh_from_db()
    assert (
        late.status == VisitStatus.AWAITING_APPROVAL
        and stale.status == VisitStatus.PENDING
    )
    assert _audits(stale) == 0


# --- the review page and the API -----------------------------------------------------------


def test_the_review_page_lists_what_the_committee_decides(
    world, login, late, stale, make_visit, today
):
    fresh = make_visit(world.asg_a, today)
    # the row written today (an import, say) of a visit recorded eight days ago
    Visit.objects.filter(pk=stale.pk).update(created_at=timezone.now())
    text = login(world.users.nonpublic).get("/fieldwork/review/").content.decode()
    assert late.get_absolute_url() in text and stale.get_absolute_url() in text
    assert fresh.get_absolute_url() not in text
    # when it was recorded (签到时间), not when the row was written
    recorded = timezone.localtime(stale.recorded_at)
    assert f"记录于 {recorded:%Y-%m-%d %H:%M}" in text


def test_the_review_page_follows_the_policy(world, login, stale):
    Policy.objects.create(
        region=world.county, year=timezone.localdate().year, confirm_within_days=30
    )
    text = login(world.users.nonpublic).get("/fieldwork/review/").content.decode()
    assert stale.get_absolute_url() not in text


def test_another_committee_does_not_see_them(world, login, late):
    text = login(world.users.social).get("/fieldwork/review/").content.decode()
    assert late.get_absolute_url() not in text


@pytest.mark.parametrize("persona", ["instructor", "contact", "auditor", "unit"])
def test_other_roles_get_404_for_the_review_page(world, login, persona):
    assert (
        login(getattr(world.users, persona)).get("/fieldwork/review/").status_code
        == 404
    )


def test_the_page_approves(world, login, late):
    client = login(world.users.nonpublic)
    response = client.post(
        f"/fieldwork/visits/{late.pk}/review/approve/", {"next": "review"}
    )
    assert response.url == "/fieldwork/review/"
    late.refresh_from_db()
    assert late.status == VisitStatus.PENDING


def test_the_page_refuses_a_decision_without_reason_and_stores_nothing(
    world, login, stale
):
    client = login(world.users.nonpublic)
    response = client.post(
        f"/fieldwork/visits/{stale.pk}/review/uphold/", {"reason": ""}, follow=True
    )
    assert "请填写理由" in response.content.decode()
    stale.refresh_from_db()
    assert stale.status == VisitStatus.PENDING and _audits(stale) == 0


def test_the_page_hides_the_visit_from_outsiders(world, login, late):
    response = login(world.users.social).post(
        f"/fieldwork/visits/{late.pk}/review/approve/"
    )
    assert response.status_code == 404


def test_the_page_refuses_get(world, login, late):
    response = login(world.users.nonpublic).get(
        f"/fieldwork/visits/{late.pk}/review/approve/"
    )
    assert response.status_code == 405


def test_the_api_upholds_and_refuses(world, api, stale):
    client = api(world.users.nonpublic)
    refused = client.post(
        f"/api/visits/{stale.pk}/review/", {"action": "uphold"}, format="json"
    )
    assert refused.status_code == 400 and "请填写理由" in str(refused.json())
    assert _audits(stale) == 0
    done = client.post(
        f"/api/visits/{stale.pk}/review/",
        {"action": "uphold", "reason": "有照片为证"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "confirmed"


def test_the_api_hides_the_visit_from_outsiders(world, api, late):
    response = api(world.users.far_county).post(
        f"/api/visits/{late.pk}/review/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 404


def test_the_api_refuses_the_contact(world, api, late):
    response = api(world.users.contact).post(
        f"/api/visits/{late.pk}/review/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 403
    late.refresh_from_db()
    assert late.status == VisitStatus.AWAITING_APPROVAL


# --- the geofence from the first confirmed check-in -----------------------------------------


def test_the_first_confirmed_check_in_sets_the_organizations_coordinates(world, today):
    assert world.org_a.latitude is None
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=today,
        activities=[Activity.RESEARCH],
        latitude="39.0221",
        longitude="111.0861",
    )
    services.confirm_visit(user=world.users.contact, visit=visit)
    world.org_a.refresh_from_db()
    assert world.org_a.latitude == decimal.Decimal("39.022100")
    assert world.org_a.longitude == decimal.Decimal("111.086100")
    assert (
        AuditLog.objects.for_object(world.org_a)
        .filter(note="由首次确认的签到位置设定")
        .count()
        == 1
    )


def test_existing_coordinates_are_kept(world, today):
    world.org_a.latitude, world.org_a.longitude = (
        decimal.Decimal("39"),
        decimal.Decimal("111"),
    )
    world.org_a.save()
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=today,
        activities=[Activity.RESEARCH],
        latitude="39.5",
        longitude="111.5",
    )
    services.confirm_visit(user=world.users.contact, visit=visit)
    world.org_a.refresh_from_db()
    assert world.org_a.latitude == decimal.Decimal("39")


# --- who is told ------------------------------------------------------------------------------


def test_a_late_entry_tells_the_organizations_committee(world, late):
    from liangxin.core.models import Notification

    assert (
        Notification.objects.filter(
            recipient=world.users.nonpublic, key=f"late-entry:{late.pk}"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(recipient=world.users.social).exists()


def test_a_decision_tells_the_instructor(world, late):
    from liangxin.core.models import Notification

    services.reject_late_entry(user=world.users.nonpublic, visit=late, reason="无佐证")
    note = Notification.objects.get(recipient=world.users.instructor)
    assert "已驳回" in note.body and "无佐证" in note.body


def test_the_review_page_query_count_does_not_grow(
    world, login, make_visit, django_assert_max_num_queries
):
    client = login(world.users.county)
    for n in range(12):
        make_visit(world.asg_a, days_ago(n), status=VisitStatus.DISPUTED)
    with django_assert_max_num_queries(12):
        assert client.get("/fieldwork/review/").status_code == 200
