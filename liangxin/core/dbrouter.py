"""Reads of the cockpit, reports and exports go to a PostgreSQL replica when one is configured
(DATABASE_REPLICA_URL); every write, and every read after a write in the same request, goes
to the primary. A replica that cannot be reached is left alone for a while: reads fall back to
the primary, nothing fails.

The middleware decides per request (GET/HEAD of a view listed in REPLICA_READ_VIEWS, a view of
a namespace listed there as "ns:*", or any `?export=`); background jobs replaying an export
inherit the decision. Sessions, users, tokens, lockouts, jobs and the audit log are always read on
the primary.
"""

import contextvars
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY_ONLY_APPS = {
    "sessions",
    "auth",
    "contenttypes",
    "axes",
    "authtoken",
    "knox",
    "otp_totp",
    "otp_static",
    "django_celery_beat",
    "jobs",
}
#: models read on the primary whatever the request: the audit chain appends to its newest
#: entry, which a lagging replica may not have yet
PRIMARY_ONLY_MODELS = {"core.auditlog"}

_use_replica = contextvars.ContextVar("use_replica", default=False)
_wrote = contextvars.ContextVar("wrote", default=False)
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_available() -> bool:
    """False for REPLICA_RETRY_SECONDS after the replica failed to answer."""
    global _down_until
    if not replica_configured() or time.monotonic() < _down_until:
        return False
    try:
        conn = connections[REPLICA]
        conn.ensure_connection()
        if not conn.is_usable():
            conn.close()
            conn.ensure_connection()
        return True
    except DatabaseError:
        logger.warning("replica unreachable: reads go to the primary")
        connections[REPLICA].close()
        _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        return False


def mark_written() -> None:
    _wrote.set(True)


class replica_reads:
    """Context manager: reads inside go to the replica (until the first write)."""

    def __enter__(self):
        self._tokens = (_use_replica.set(replica_available()), _wrote.set(False))
        return self

    def __exit__(self, *exc):
        _use_replica.reset(self._tokens[0])
        _wrote.reset(self._tokens[1])


class primary_reads:
    """Context manager: reads inside go to the primary, whatever the view asked."""

    def __enter__(self):
        self._token = _use_replica.set(False)
        return self

    def __exit__(self, *exc):
        _use_replica.reset(self._token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _use_replica.get()
            and not _wrote.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and model._meta.label_lower not in PRIMARY_ONLY_MODELS
            and model._meta.label != settings.AUTH_USER_MODEL
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _wants_replica(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "export" in request.GET:
        return True
    match = request.resolver_match
    if match is None:
        return False
    views = settings.REPLICA_READ_VIEWS
    return match.view_name in views or any(
        f"{ns}:*" in views for ns in match.namespaces
    )


class ReplicaMiddleware:
    """Per request: decide replica reads for the view, and note any write on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        tokens = (_use_replica.set(False), _wrote.set(False))
        try:
            with connections["default"].execute_wrapper(_note_writes):
                return self.get_response(request)
        finally:
            _use_replica.reset(tokens[0])
            _wrote.reset(tokens[1])

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _wants_replica(request) and not _wrote.get():
            _use_replica.set(replica_available())


def _note_writes(execute, sql, params, many, context):
    if sql.lstrip()[:6].upper() not in ("SELECT", "SAVEPO", "RELEAS"):
        _wrote.set(True)
    return execute(sql, params, many, context)
