"""/healthz, /readyz, /metrics and the one JSON log line per request."""

import json
import logging

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
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "django_http_requests_total_by_view_transport_method_total" in (
        response.content.decode()
    )


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
