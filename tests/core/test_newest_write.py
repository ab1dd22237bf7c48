"""The newest recorded write, read once per request: a person's page asks for the county's
number and their own in one query, and the summaries inside the page reuse the county's."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.core import audit, memo, summaries
from liangxin.core.models import AuditAction


def test_a_persons_number_and_the_countys_come_from_one_query(world):
    audit.log(user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a)
    # the instructor writes in the other county (posted across the line)
    audit.log(
        user=world.users.instructor,
        action=AuditAction.UPDATE,
        obj=world.org_far,
    )
    county = audit.latest_write("140931")
    mine = audit.latest_write("140931", by=world.users.instructor.pk)
    assert mine > county
    assert audit.latest_writes("140931", by=world.users.instructor.pk) == (
        county,
        mine,
    )
    with memo.evaluation(), CaptureQueriesContext(connection) as ctx:
        assert summaries.newest_write("140931", by=world.users.instructor.pk) == mine
        assert summaries.newest_write("140931") == county  # kept from the same query
    assert len(ctx.captured_queries) == 1
    # a reading is not a write
    audit.log(user=world.users.county, action=AuditAction.EXPORT, obj=world.org_a)
    assert audit.latest_write("140931") == county
