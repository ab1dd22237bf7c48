"""/healthz, /readyz, /metrics and the one JSON log line per request."""

import json
import logging
import re

import pytest
from django.db import connections

from liangxin.core import health


def test_healthz_answers_without_touching_the_database(client):
    # no `db` fixture: any database access here would raise
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_readyz_checks_database_redis_storage_and_replica(
    db, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["ready"] is True
    assert set(body["checks"]) == {"database", "redis", "storage", "replica"}
    assert all(check["ok"] for check in body["checks"].values())
    assert not list(tmp_path.rglob("*.txt"))  # the storage probe cleans up


def test_readyz_is_503_when_redis_is_unreachable(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and body["checks"]["redis"]["ok"] is False
    assert "error" in body["checks"]["redis"]


def test_a_lagging_replica_is_reported_but_does_not_stop_the_node(
    db, client, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(health, "replica_lag_seconds", lambda: 120.0)
    body = client.get("/readyz").json()
    assert body["ready"] is True
    assert body["checks"]["replica"] == {
        "ok": False,
        "lag_seconds": 120.0,
        "max": settings.REPLICA_MAX_LAG_SECONDS,
        "ms": body["checks"]["replica"]["ms"],
    }


def test_metrics_are_exposed_for_prometheus(db, client):
    client.get("/healthz")
    response = client.get(
        "/metrics"
    )  # the test client is 127.0.0.1, allowed by default
    assert response.status_code == 200
    assert "django_http_requests_total_by_view_transport_method_total" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.1.2.3"]
)
def test_metrics_answer_the_allowed_addresses_and_networks(
    db, client, settings, address
):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "::1", "10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200


def test_metrics_are_a_404_for_other_addresses_like_an_unknown_url(db, client):
    # a forwarded-for header written by the client is not believed
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1"
    )
    unknown = client.get("/no-such-page", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == unknown.status_code == 404
    masked = [  # the CSRF token differs from one response to the next
        re.sub(rb'"X-CSRFToken": "\w+"', b"", r.content) for r in (response, unknown)
    ]
    assert masked[0] == masked[1]
    assert b"django_http" not in response.content


def test_metrics_answer_the_bearer_token_from_anywhere(db, client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    ok = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", **outside
    )
    assert ok.status_code == 200 and b"django_http" in ok.content
    for wrong in ("Bearer s3cret", "Bearer ", "Token s3cret-scrape-token", ""):
        response = client.get("/metrics", HTTP_AUTHORIZATION=wrong, **outside)
        assert response.status_code == 404, wrong


def test_without_a_token_an_empty_bearer_is_refused(db, client, settings):
    settings.METRICS_TOKEN = ""
    response = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer ", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 404


def test_every_request_writes_one_log_line_with_its_request_id(world, login, caplog):
    client = login(world.users.county)
    with caplog.at_level(logging.INFO, logger="liangxin.request"):
        response = client.get("/orgs/", HTTP_X_REQUEST_ID="abc123")
    records = [r for r in caplog.records if r.name == "liangxin.request"]
    assert len(records) == 1
    record = records[0]
    assert response["X-Request-ID"] == "abc123" == record.request_id
    assert (record.method, record.path, record.status) == ("GET", "/orgs/", 200)
    assert record.user_id == world.users.county.pk and record.duration_ms >= 0


def test_the_production_log_line_is_json(world, client, caplog):
    from pythonjsonlogger.json import JsonFormatter

    with caplog.at_level(logging.INFO, logger="liangxin.request"):
        client.get("/healthz", HTTP_X_REQUEST_ID="r1")
    record = next(r for r in caplog.records if r.name == "liangxin.request")
    line = json.loads(
        JsonFormatter("%(levelname)s %(name)s %(message)s").format(record)
    )
    assert line["request_id"] == "r1" and line["status"] == 200
    assert line["path"] == "/healthz" and line["message"] == "GET /healthz 200"
    assert "default" in connections
