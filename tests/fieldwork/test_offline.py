"""The check-in page's offline queue resends through the API with the session and the CSRF
token; the idempotency key stores the entry once, with the time of the check-in."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from liangxin.core.models import AuditLog
from liangxin.fieldwork.models import RecordedVia, Visit


@pytest.fixture
def phone_session(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.instructor)
    page = client.get("/fieldwork/visits/checkin/")
    token = page.context["csrf_token"]
    assert f'data-csrf="{token}"' in page.content.decode()
    return client, str(token)


def _queued(world, today, **extra):
    # Queued 40 minutes ago, but never before local midnight: a check-in's time and its
    # date must agree, whatever the hour the suite runs at.
    now = timezone.now()
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
    )
    checked_at = max(now - datetime.timedelta(minutes=40), midnight)
    return {
        "idempotency_key": str(uuid.uuid4()),
        "organization": str(world.org_a.pk),
        "date": today.isoformat(),
        "activities": ["research"],
        "summary": "",
        "latitude": "39.022100",
        "longitude": "111.086100",
        "accuracy": "15",
        "recorded_at": checked_at.isoformat(),
        "on_site": True,
        **extra,
    }


def _send(client, token, payload):
    return client.post(
        "/api/visits/",
        json.dumps(payload),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )


def test_a_queued_check_in_sent_twice_is_stored_once(world, today, phone_session):
    client, token = phone_session
    payload = _queued(world, today)
    first = _send(client, token, payload)
    second = _send(client, token, payload)
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    visit = Visit.objects.get()
    assert visit.recorded_via == RecordedVia.ON_SITE
    assert visit.recorded_at == datetime.datetime.fromisoformat(payload["recorded_at"])
    assert str(visit.latitude) == "39.022100"
    assert AuditLog.objects.filter(object_id=str(visit.pk)).count() == 1


def test_a_resend_without_the_csrf_token_is_refused(world, today, phone_session):
    client, _ = phone_session
    response = client.post(
        "/api/visits/",
        json.dumps(_queued(world, today)),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_a_queued_entry_that_breaks_a_rule_is_refused_with_a_chinese_reason(
    world, today, phone_session
):
    client, token = phone_session
    response = _send(
        client, token, _queued(world, today, organization=str(world.org_b.pk))
    )
    assert response.status_code == 400
    assert "不是您派驻的组织" in json.dumps(response.json(), ensure_ascii=False)
    assert not Visit.objects.exists()


def test_the_page_answers_a_script_submit_with_the_visit_url(world, today, login):
    data = {
        "organization": world.org_a.pk,
        "date": today.isoformat(),
        "activities": ["research"],
        "idempotency_key": str(uuid.uuid4()),
    }
    response = login(world.users.instructor).post(
        "/fieldwork/visits/checkin/", data, headers={"X-Requested-With": "fetch"}
    )
    visit = Visit.objects.get()
    assert response.json() == {"url": visit.get_absolute_url()}


def test_the_check_in_page_offers_the_camera(world, login):
    text = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert 'capture="environment"' in text and 'accept="image/*"' in text
    assert 'enctype="multipart/form-data"' in text
    assert '<script src="/static/js/checkin.js">' in text
    assert '<script src="http' not in text
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/checkin.js"), encoding="utf-8").read()
    assert "联网后自动提交" in script
