"""Two refreshes of one county at once (two writes' refreshes, or one beside the nightly job):
they take turns on the county's FlagState row, the second finds the rows current and does
nothing, and no open flag is written twice. PostgreSQL only: SQLite runs one writer at a time."""

import threading

import pytest
from django.db import connection, connections

from liangxin.core.worklist import flags_for
from liangxin.facts import on_write
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagRow

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_two_refreshes_at_once_take_turns(world):
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(on_write.refresh_county("140931"))
        except Exception as exc:  # pragma: no cover - the assertion shows it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [False, True]  # one ran, the other found it done
    keys = list(
        FlagRow.objects.open().filter(region_id="140931").values_list("key", flat=True)
    )
    assert len(keys) == len(set(keys))
    assert set(keys) == set(facts.keyed(flags_for(world.users.county)))
