"""Recording visits: every refusal through the service, the page and the API stores nothing;
the idempotency key stores once; the geofence marks far check-ins for review."""

import datetime
import decimal
import uuid

import pytest
from django.utils import timezone

from liangxin.core.models import AuditLog, Policy
from liangxin.core.services import ServiceError
from liangxin.fieldwork import services
from liangxin.fieldwork.models import Activity, MonthClose, RecordedVia, Visit
from tests import factories as f
from tests.fieldwork.conftest import days_ago


@pytest.fixture
def late_assignment(world, today):
    """ins_a is also posted to org_a2, from today on."""
    return f.AssignmentFactory(
        instructor=world.ins_a, organization=world.org_a2, started_on=today
    )


def _future(world, today, make_visit, late_assignment):
    return {"date": today + datetime.timedelta(days=1)}, "不能晚于今天"


def _not_assigned(world, today, make_visit, late_assignment):
    return {"organization": world.org_b}, "不是您"


def _before_assignment(world, today, make_visit, late_assignment):
    return {
        "organization": world.org_a2,
        "date": days_ago(1),
    }, "不在您派驻该组织的期间内"


def _ended_assignment(world, today, make_visit, late_assignment):
    world.asg_a.started_on = days_ago(30)
    world.asg_a.ended_on = days_ago(2)
    world.asg_a.end_reason = "调整"
    world.asg_a.save()
    return {"date": days_ago(1)}, "不在您派驻该组织的期间内"


def _twice_a_day(world, today, make_visit, late_assignment):
    make_visit(world.asg_a, today)
    return {}, "同一组织一天只能记录一次"


def _closed_month(world, today, make_visit, late_assignment):
    MonthClose.objects.create(region=world.county, year=today.year, month=today.month)
    return {}, "该月已结账，不能再修改"


def _no_activity(world, today, make_visit, late_assignment):
    return {"activities": []}, "请至少选择一项工作内容"


REFUSALS = [
    _future,
    _not_assigned,
    _before_assignment,
    _ended_assignment,
    _twice_a_day,
    _closed_month,
    _no_activity,
]
# a late entry beyond the window is no longer refused: see test_review.py


@pytest.fixture(params=REFUSALS, ids=lambda fn: fn.__name__.strip("_"))
def refusal(request, world, today, make_visit, late_assignment, checkin):
    changes, message = request.param(world, today, make_visit, late_assignment)
    return {**checkin, **changes}, message


def _snapshot():
    return Visit.objects.count(), AuditLog.objects.filter(
        content_type__model="visit"
    ).count()


def test_the_service_refuses_and_stores_nothing(world, refusal):
    values, message = refusal
    before = _snapshot()
    with pytest.raises(ServiceError, match=message):
        services.record_visit(user=world.users.instructor, **values)
    assert _snapshot() == before


def _form(values):
    data = {
        "organization": values["organization"].pk,
        "date": values["date"].isoformat(),
        "activities": values["activities"],
        "summary": values.get("summary", ""),
    }
    return data


def test_the_page_refuses_and_stores_nothing(world, refusal, login):
    values, message = refusal
    if values.get("on_site") is False:
        values = {k: v for k, v in values.items() if k != "on_site"}
    before = _snapshot()
    response = login(world.users.instructor).post(
        "/fieldwork/visits/checkin/", _form(values)
    )
    assert response.status_code == 200
    text = response.content.decode()
    if values["organization"] == world.org_b:  # the page does not even offer it
        assert "所选组织不是您派驻的组织" in text
    else:
        assert message.split("（")[0] in text
    assert _snapshot() == before


def test_the_api_refuses_and_stores_nothing(world, refusal, api):
    values, message = refusal
    before = _snapshot()
    payload = {**_form(values), "on_site": values.get("on_site", True)}
    response = api(world.users.instructor).post("/api/visits/", payload, format="json")
    assert response.status_code == 400
    body = str(response.json())
    if values["organization"] == world.org_b:
        assert "所选组织不是您派驻的组织" in body
    elif not values["activities"]:
        assert "activities" in response.json()
    else:
        assert message in body
    assert _snapshot() == before


# --- who may record -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["contact", "nonpublic", "county", "unit", "auditor"]
)
def test_only_instructors_may_record(world, persona, login, api, checkin):
    user = getattr(world.users, persona)
    with pytest.raises(ServiceError, match="只有党建工作指导员本人"):
        services.record_visit(user=user, **checkin)
    assert (
        login(user).post("/fieldwork/visits/checkin/", _form(checkin)).status_code
        == 403
    )
    assert (
        api(user).post("/api/visits/", _form(checkin), format="json").status_code == 403
    )
    assert not Visit.objects.exists()


def test_an_instructor_without_a_login_link_is_refused(world, checkin):
    other = f.UserFactory(
        username="instructor09", role="instructor", region=world.county
    )
    with pytest.raises(ServiceError, match="只有党建工作指导员本人"):
        services.record_visit(user=other, **checkin)


# --- what gets stored ----------------------------------------------------------------------


def test_an_on_site_check_in_is_stored_and_audited(world, checkin):
    visit = services.record_visit(
        user=world.users.instructor,
        latitude=39.02,
        longitude=111.1,
        accuracy=12.4,
        **checkin,
    )
    assert (visit.instructor, visit.assignment, visit.region_id) == (
        world.ins_a,
        world.asg_a,
        world.org_a.region_id,
    )
    assert visit.recorded_via == RecordedVia.ON_SITE
    assert visit.status == "pending"
    assert visit.accuracy == 12
    assert (
        visit.distance_m is None and visit.needs_review is False
    )  # org has no coordinates
    log = AuditLog.objects.get(object_id=str(visit.pk), content_type__model="visit")
    assert log.action == "create" and "现场签到" in log.note


def test_a_late_entry_within_the_window_is_stored_as_such(world, checkin):
    visit = services.record_visit(
        user=world.users.instructor, **{**checkin, "date": days_ago(3)}, on_site=False
    )
    assert visit.recorded_via == RecordedVia.LATE_ENTRY


def test_an_idempotency_key_stores_once_through_the_service(world, checkin):
    key = str(uuid.uuid4())
    first = services.record_visit(
        user=world.users.instructor, idempotency_key=key, **checkin
    )
    again = services.record_visit(
        user=world.users.instructor, idempotency_key=key, **checkin
    )
    assert first.pk == again.pk
    assert Visit.objects.count() == 1
    assert AuditLog.objects.filter(content_type__model="visit").count() == 1


def test_an_idempotency_key_of_someone_else_is_refused(world, checkin):
    key = str(uuid.uuid4())
    services.record_visit(user=world.users.instructor, idempotency_key=key, **checkin)
    ins_b_user = f.UserFactory(
        username="instructor02", role="instructor", region=world.county
    )
    world.ins_b.user = ins_b_user
    world.ins_b.save()
    with pytest.raises(ServiceError, match="提交编号已被使用"):
        services.record_visit(
            user=ins_b_user,
            idempotency_key=key,
            **{**checkin, "organization": world.org_b},
        )


def test_an_idempotency_key_stores_once_through_the_page(world, checkin, login):
    client = login(world.users.instructor)
    data = {**_form(checkin), "idempotency_key": "offline-1"}
    first = client.post("/fieldwork/visits/checkin/", data)
    second = client.post("/fieldwork/visits/checkin/", data)
    visit = Visit.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == visit.get_absolute_url()


def test_an_idempotency_key_stores_once_through_the_api(world, checkin, api):
    client = api(world.users.instructor)
    data = {
        **_form(checkin),
        "idempotency_key": "offline-2",
        "recorded_at": (timezone.now() - datetime.timedelta(hours=5)).isoformat(),
    }
    first = client.post("/api/visits/", data, format="json")
    second = client.post("/api/visits/", data, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    visit = Visit.objects.get()
    # the time of the check-in on the phone, not of the upload
    assert timezone.now() - visit.recorded_at > datetime.timedelta(hours=4)


# --- geofence ------------------------------------------------------------------------------


@pytest.fixture
def located_org(world):
    world.org_a.latitude = decimal.Decimal("39.022000")
    world.org_a.longitude = decimal.Decimal("111.086000")
    world.org_a.save()
    return world.org_a


def test_a_check_in_near_the_organization_is_trusted(world, checkin, located_org):
    visit = services.record_visit(
        user=world.users.instructor,
        latitude=39.0229,
        longitude=111.086,
        accuracy=20,
        **checkin,
    )
    assert 90 <= visit.distance_m <= 110
    assert visit.needs_review is False


def test_a_check_in_far_from_the_organization_is_accepted_but_marked(
    world, checkin, located_org
):
    visit = services.record_visit(
        user=world.users.instructor, latitude=39.032, longitude=111.086, **checkin
    )
    assert 1100 <= visit.distance_m <= 1125
    assert visit.needs_review is True
    assert (
        "需核查"
        in AuditLog.objects.get(
            object_id=str(visit.pk), content_type__model="visit"
        ).note
    )


def test_the_geofence_radius_comes_from_the_policy(world, checkin, located_org, today):
    Policy.objects.create(region=world.county, year=today.year, geofence_meters=2000)
    visit = services.record_visit(
        user=world.users.instructor, latitude=39.032, longitude=111.086, **checkin
    )
    assert visit.needs_review is False


def test_the_page_passes_the_location_and_marks_review(
    world, checkin, located_org, login
):
    data = {
        **_form(checkin),
        "latitude": "39.040000",
        "longitude": "111.086000",
        "accuracy": "15",
    }
    response = login(world.users.instructor).post(
        "/fieldwork/visits/checkin/", data, follow=True
    )
    visit = Visit.objects.get()
    assert visit.needs_review is True and visit.accuracy == 15
    assert "已标记待核查" in response.content.decode()


def test_the_haversine_distance():
    # one degree of latitude is about 111.2 km
    assert abs(services.haversine_m(39, 111, 40, 111) - 111_195) < 50


def test_unknown_activities_are_refused(world, checkin):
    with pytest.raises(ServiceError, match="未知的工作内容"):
        services.record_visit(
            user=world.users.instructor,
            **{**checkin, "activities": [Activity.RESEARCH, "sing"]},
        )
    assert not Visit.objects.exists()


def test_a_suspended_instructor_may_not_record(world, checkin):
    world.ins_a.status = "suspended"
    world.ins_a.save()
    with pytest.raises(ServiceError, match="暂停"):
        services.record_visit(user=world.users.instructor, **checkin)
    assert not Visit.objects.exists()


def test_an_on_site_claim_for_an_earlier_day_is_a_late_entry(world, checkin, api):
    yesterday = days_ago(1)
    client = api(world.users.instructor)
    late = client.post(
        "/api/visits/", {**_form({**checkin, "date": yesterday})}, format="json"
    )
    assert late.json()["recorded_via"] == "late_entry"
    # an offline check-in made yesterday on the phone and sent today stays on site
    made = timezone.localtime().replace(hour=10) - datetime.timedelta(days=1)
    offline = client.post(
        "/api/visits/",
        {
            **_form({**checkin, "organization": world.org_a, "date": yesterday}),
            "recorded_at": made.isoformat(),
            "idempotency_key": "k-1",
        },
        format="json",
    )
    assert (
        offline.status_code == 400
    )  # the same organization that day: already recorded
    Visit.objects.all().delete()
    offline = client.post(
        "/api/visits/",
        {**_form({**checkin, "date": yesterday}), "recorded_at": made.isoformat()},
        format="json",
    )
    assert offline.json()["recorded_via"] == "on_site"


@pytest.mark.parametrize("caught_by", ["validation", "database"])
def test_two_phones_racing_for_one_day_hear_the_same_day_refusal(
    world, checkin, monkeypatch, caught_by
):
    """Both pass the same-day check; the second phone's row is stored first. The first then
    hears the same-day refusal, not a generic conflict, whether the model's validation or
    (both validated at the same moment) the database's unique constraint stops it."""
    if caught_by == "database":
        monkeypatch.setattr(
            Visit, "validate_constraints", lambda self, exclude=None: None
        )
    org = world.org_a
    org.latitude, org.longitude = decimal.Decimal("39.02"), decimal.Decimal("111.09")
    org.save()
    located = {**checkin, "latitude": org.latitude, "longitude": org.longitude}
    real, raced = services.haversine_m, []

    def other_phone_first(*args):  # runs after the same-day check, before the insert
        if not raced:
            raced.append("phone-2")
            services.record_visit(
                user=world.users.instructor, idempotency_key="phone-2", **located
            )
        return real(*args)

    monkeypatch.setattr(services, "haversine_m", other_phone_first)
    with pytest.raises(ServiceError) as refused:
        services.record_visit(
            user=world.users.instructor, idempotency_key="phone-1", **located
        )
    assert refused.value.message == services.SAME_DAY
    assert list(Visit.objects.values_list("idempotency_key", flat=True)) == ["phone-2"]
