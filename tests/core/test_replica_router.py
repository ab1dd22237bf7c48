"""The replica serves the cockpit, reports and exports; writes and reads after a write in the
same request go to the primary; a replica that does not answer is skipped for a while.

These tests check the routing decisions; the real streaming replica (scripts/pg-replica) is
exercised by hand and in BENCHMARKS.md."""

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.test import RequestFactory
from django.urls import resolve

from liangxin.core import dbrouter
from liangxin.core.models import AuditLog, User
from liangxin.orgs.models import Organization

router = dbrouter.ReplicaRouter()


@pytest.fixture
def replica_up(monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "replica_available", lambda: True)


def _decide(path):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(request.path_info)
    seen = {}

    def view(req):
        seen["db"] = router.db_for_read(Organization)

    middleware = dbrouter.ReplicaMiddleware(view)
    tokens = dbrouter._use_replica.set(False), dbrouter._wrote.set(False)
    try:
        middleware.process_view(request, view, (), {})
        view(request)
    finally:
        dbrouter._use_replica.reset(tokens[0])
        dbrouter._wrote.reset(tokens[1])
    return seen["db"]


def test_report_pages_and_exports_read_from_the_replica(replica_up):
    assert _decide("/cockpit/") == "replica"
    assert _decide("/fieldwork/compliance/") == "replica"
    assert _decide("/orgs/coverage/") == "replica"
    assert _decide("/partylife/coverage/") == "replica"
    assert _decide("/orgs/?export=xlsx") == "replica"


def test_ordinary_pages_read_from_the_primary(replica_up):
    assert _decide("/orgs/") == "default"
    assert _decide("/") == "default"


def test_reads_after_a_write_go_to_the_primary(world, replica_up):
    with dbrouter.replica_reads():
        assert router.db_for_read(Organization) == "replica"
        Organization.objects.filter(pk=world.org_a.pk).update(employees=7)
        assert router.db_for_read(Organization) == "default"
        assert Organization.objects.get(pk=world.org_a.pk).employees == 7
    assert router.db_for_read(Organization) == "default"


def test_sessions_users_and_the_audit_chain_are_always_read_on_the_primary(
    replica_up,
):
    with dbrouter.replica_reads():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
        assert (
            router.db_for_read(AuditLog) == "default"
        )  # its newest hash is appended to
        assert router.db_for_read(Organization) == "replica"


def test_writes_and_migrations_go_to_the_primary_only():
    assert router.db_for_write(Organization) == "default"
    assert router.allow_migrate("default", "orgs") is True
    assert router.allow_migrate("replica", "orgs") is False


def test_without_a_replica_everything_reads_from_the_primary():
    assert not dbrouter.replica_configured()
    with dbrouter.replica_reads():
        assert router.db_for_read(Organization) == "default"


def test_an_unreachable_replica_is_left_alone_for_a_while(monkeypatch, settings):
    class Broken:
        def ensure_connection(self):
            raise DatabaseError("connection refused")

        def close(self):
            pass

    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "connections", {"replica": Broken()})
    monkeypatch.setattr(dbrouter, "_down_until", 0.0)
    assert dbrouter.replica_available() is False
    assert dbrouter._down_until > 0
    with dbrouter.replica_reads():
        assert router.db_for_read(Organization) == "default"
