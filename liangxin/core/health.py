"""/healthz (the process answers) and /readyz (it can serve: database, Redis, storage, and the
replica's lag when there is one). Both are plain, unauthenticated and cheap, for nginx, a load
balancer or monitoring; neither touches a session. /metrics (django-prometheus) answers only
the scraper: an allowed address or the bearer token; anyone else gets 404."""

import hmac
import ipaddress
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

REPLICA = "replica"


def _database(alias: str = "default") -> dict:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "未配置（后台任务在请求内执行）"}
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
    )
    client.ping()
    return {"ok": True}


def _storage() -> dict:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {"ok": True}


def replica_lag_seconds() -> float | None:
    """Seconds the replica is behind the primary (0 when it has replayed everything it
    received), or None when there is no replica."""
    if REPLICA not in connections.settings:
        return None
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
            "THEN 0 ELSE COALESCE(EXTRACT(EPOCH FROM now() - "
            "pg_last_xact_replay_timestamp()), 0) END"
        )
        return float(cursor.fetchone()[0])


def _replica() -> dict:
    lag = replica_lag_seconds()
    if lag is None:
        return {"ok": True, "detail": "未配置只读副本"}
    limit = settings.REPLICA_MAX_LAG_SECONDS
    return {"ok": lag <= limit, "lag_seconds": round(lag, 3), "max": limit}


CHECKS = {
    "database": _database,
    "redis": _redis,
    "storage": _storage,
    "replica": _replica,
}
#: a replica that is down or behind does not stop this node: reads fall back to the primary
NON_CRITICAL = {"replica"}


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    results, ready = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            result = check()
        except Exception as exc:  # any failure is the answer, never a 500
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = result
        if not result["ok"] and name not in NON_CRITICAL:
            ready = False
    return JsonResponse(
        {"ready": ready, "checks": results},
        status=200 if ready else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def _metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return True
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wrote. Behind nginx this is
    # nginx's own address, so scrape each server directly or use the token.
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # gunicorn bound to [::]
        address = address.ipv4_mapped
    return any(
        address in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
    )


@never_cache
def metrics(request):
    """Prometheus metrics for METRICS_ALLOWED_IPS or `Authorization: Bearer METRICS_TOKEN`;
    404 for everyone else, so the endpoint is not advertised."""
    if not _metrics_allowed(request):
        raise Http404
    return ExportToDjangoView(request)
