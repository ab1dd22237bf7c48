"""The replica serves the cockpit, reports and exports; writes and reads after a write in the
same request go to the primary; a replica that does not answer is skipped.

The "replica" here is a second connection to the test database (what a streaming replica
looks like to Django); the real streaming replica is set up by scripts/pg-replica."""

import pytest
from django.db import connections
from django.test.testcases import _DatabaseFailure
from django.test.utils import CaptureQueriesContext

from liangxin.core import dbrouter
from liangxin.orgs.models import Organization


@pytest.fixture
def replica():
    connections.settings["replica"] = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
    }
    dbrouter._down_until = 0.0
    conn = connections["replica"]
    for name in ("connect", "cursor", "chunked_cursor", "ensure_connection"):
        method = getattr(conn, name)
        if isinstance(
            method, _DatabaseFailure
        ):  # the test case forbids unknown aliases
            setattr(conn, name, method.wrapped)
    yield conn
    connections["replica"].close()
    del connections.settings["replica"]
    try:
        del connections["replica"]
    except AttributeError:
        pass


def _count(alias, fn):
    with CaptureQueriesContext(connections[alias]) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


pytestmark = pytest.mark.django_db(transaction=True, databases=["default"])


def test_a_report_page_reads_from_the_replica(world, login, replica):
    client = login(world.users.county)
    with CaptureQueriesContext(connections["default"]) as primary:
        replica_queries, response = _count(
            "replica", lambda: client.get("/fieldwork/compliance/")
        )
    assert response.status_code == 200
    assert replica_queries > 0
    read_on_primary = [
        q["sql"] for q in primary.captured_queries if "fieldwork_visit" in q["sql"]
    ]
    assert read_on_primary == []


def test_an_export_reads_from_the_replica(world, login, replica):
    client = login(world.users.county)
    replica_queries, response = _count(
        "replica", lambda: client.get("/orgs/?export=xlsx")
    )
    assert response.status_code == 200 and replica_queries > 0


def test_an_ordinary_page_reads_from_the_primary(world, login, replica):
    client = login(world.users.county)
    replica_queries, response = _count("replica", lambda: client.get("/orgs/"))
    assert response.status_code == 200 and replica_queries == 0


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(world, replica):
    router = dbrouter.ReplicaRouter()
    with dbrouter.replica_reads():
        assert router.db_for_read(Organization) == "replica"
        Organization.objects.filter(pk=world.org_a.pk).update(employees=7)
        assert router.db_for_read(Organization) == "default"
        assert Organization.objects.get(pk=world.org_a.pk).employees == 7
    assert router.db_for_read(Organization) == "default"


def test_sessions_and_users_are_always_read_on_the_primary(world, replica):
    from django.contrib.sessions.models import Session

    from liangxin.core.models import AuditLog, User

    router = dbrouter.ReplicaRouter()
    with dbrouter.replica_reads():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Organization) == "replica"


def test_an_unreachable_replica_is_skipped_and_the_page_still_answers(
    world, login, replica
):
    connections["replica"].close()
    connections["replica"].settings_dict["NAME"] = "/nonexistent/dir/replica.sqlite3"
    connections["replica"].settings_dict["PORT"] = 1
    client = login(world.users.county)
    response = client.get("/fieldwork/compliance/")
    assert response.status_code == 200
    assert dbrouter._down_until > 0  # left alone for REPLICA_RETRY_SECONDS
