"""List pages, exports, coverage and API lists run a fixed number of queries, however many rows.

Each check measures with a few extra records, then adds 30 more and asserts the same bound:
an N+1 query in a template, serializer or column would break the second half.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.orgs.models import PartyOrgKind
from tests import factories as f

#: url → the most queries allowed (measured + 1 or 2 of headroom: session, user, permissions…;
#: exports and the instructor list write an audit entry, whose chain read and content type
#: lookup come on top of the page's own queries)
BOUNDS = {
    # coverage cards + the worklist summary: a fixed number per registered worklist collector,
    # so the bound is the count measured at 5 rows (see below) rather than a constant
    "/": None,
    "/orgs/": 10,
    "/orgs/party/": 10,
    "/orgs/committees/": 8,
    "/orgs/coverage/": 14,
    "/system/audit/": 8,
    "/roster/instructors/": 13,
    "/roster/units/": 9,
    "/roster/assignments/": 10,
    "/orgs/?export=xlsx": 9,
    "/orgs/party/?export=xlsx": 9,
    "/orgs/committees/?export=xlsx": 9,
    "/system/audit/?export=xlsx": 9,
    "/roster/instructors/?export=xlsx": 9,
    "/roster/units/?export=xlsx": 9,
    "/roster/assignments/?export=xlsx": 9,
    "/api/organizations/": 8,
    "/api/party-organizations/": 8,
    "/api/committees/": 8,
    "/api/units/": 9,
    "/api/instructors/": 10,
    "/api/assignments/": 8,
    "/api/coverage/": 12,
    # the lists behind the cockpit's newer cards
    "/facts/partylife/": 10,
    "/inspections/rectifications/": 10,
    "/fieldwork/review/": 10,
    "/assessment/results/?published=1&grade=competent": 10,
    "/partylife/terms/?state=overdue": 10,
}
AUDITED = {"/system/audit/", "/system/audit/?export=xlsx"}


@pytest.fixture
def city_admin(world):
    """A county admin one level up (忻州市) sees every committee the growth below adds."""
    return f.UserFactory(
        username="xinzhou", role=Role.COUNTY_ADMIN, region=f.region("140900")
    )


def grow(world, count, start):
    """Add `count` of everything a list shows, with the relations the columns follow."""
    for i in range(start, start + count):
        kind = PartyOrgKind.JOINT_BRANCH if i % 2 else PartyOrgKind.BRANCH
        po = f.PartyOrganizationFactory(
            committee=world.nonpublic,
            kind=kind,
            formal_members=60,
            term_started_on="2023-01-01",
        )
        org = f.OrganizationFactory(
            committee=world.nonpublic,
            party_organization=po,
            is_key=bool(i % 2),
            formal_members=4,
        )
        f.OrganizationFactory(
            committee=world.nonpublic, formal_members=4, is_above_scale=True
        )
        unit = f.UnitFactory(region=world.county)
        ins = f.InstructorFactory(committee=world.nonpublic, unit=unit)
        f.AssignmentFactory(instructor=ins, organization=org)
        f.CommitteeFactory(region=f.region(f"1409{50 + i:02d}", f"测试县{i}"))
        audit.log(user=world.users.county, action=AuditAction.UPDATE, obj=org)


# committee staff may not read the audit log, so those pairs are not generated
CASES = [
    (persona, url)
    for persona in ("county", "nonpublic", "city")
    for url in BOUNDS
    if not (persona == "nonpublic" and url in AUDITED)
]


@pytest.mark.parametrize(("persona", "url"), CASES)
def test_it_keeps_the_query_count_flat_as_rows_grow(
    world, login, city_admin, persona, url, django_assert_max_num_queries
):
    user = city_admin if persona == "city" else getattr(world.users, persona)
    client = login(user)
    grow(world, 5, 0)
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    bound = BOUNDS[url] if BOUNDS[url] is not None else len(first)
    assert len(first) <= bound, "\n".join(
        q["sql"][:200] for q in first.captured_queries
    )
    grow(world, 30, 5)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
