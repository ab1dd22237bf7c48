"""The idle timeout without a session write per request: saved at most once a minute."""

from unittest import mock

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.core import middleware


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_within_the_minute_does_not_write_the_session(world, login):
    client = login(world.users.county)
    client.get("/orgs/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/orgs/").status_code == 200
    assert not [
        q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]


def test_after_a_minute_the_next_page_pushes_the_expiry_back(world, login):
    client = login(world.users.county)
    client.get("/orgs/")
    before = _expiry(client)
    later = middleware.time.time() + middleware.SESSION_TOUCH_SECONDS + 5
    with mock.patch.object(middleware.time, "time", return_value=later):
        with CaptureQueriesContext(connection) as queries:
            client.get("/orgs/")
    assert [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _expiry(client) > before


def test_an_anonymous_visitor_gets_no_session(db, client):
    client.get("/login/")
    assert Session.objects.count() == 0


def test_a_session_idle_for_thirty_minutes_is_signed_out(world, login):
    import datetime

    from django.utils import timezone

    client = login(world.users.county)
    client.get("/orgs/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/orgs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
