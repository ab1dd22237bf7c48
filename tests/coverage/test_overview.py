"""The coverage overview's 工作覆盖率 is cockpit.md's coverage.work: a party organization, or
none but a confirmed visit this month. An instructor assigned but not on site this month does
not make an organization work-covered, on this page as on the cockpit."""

import pytest
from django.core.cache import caches
from django.utils import timezone

from liangxin.core.models import Role
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from liangxin.fieldwork.services import confirm_visit
from tests import factories as f

pytestmark = pytest.mark.django_db


def _visit(world, status):
    return Visit.objects.create(
        region_id=world.org_b.region_id,
        instructor=world.asg_b.instructor,
        organization=world.org_b,
        assignment=world.asg_b,
        date=timezone.localdate(),
        status=status,
        activities=[Activity.RESEARCH],
        recorded_via=RecordedVia.ON_SITE,
        recorded_at=timezone.now(),
    )


def _overview(client, *, afresh=False):
    """The page's figures. `afresh` after a change the test made without a service: it
    records no audit entry, so the kept page (core.summaries.kept_view) would not see it."""
    if afresh:
        caches["shared"].clear()
    return client.get("/orgs/coverage/").context["figures"]


def _cockpit_card(client):
    month = timezone.localdate().strftime("%Y-%m")
    cards = client.get(f"/?month={month}").context["cards"]
    return next(c["value"] for c in cards if c["value"].key == "coverage.work")


def test_work_coverage_needs_a_party_organization_or_a_confirmed_visit_this_month(
    world, login
):
    client = login(world.users.county)
    # org_a has a party organization; org_b has an instructor, no visit yet; org_a2 neither
    before = _overview(client)
    assert before.with_instructor == 2 and before.work_covered == 1
    visit = _visit(world, VisitStatus.PENDING)  # not confirmed: not yet work done
    assert _overview(client, afresh=True).work_covered == 1
    contact = f.UserFactory(
        role=Role.ORG_CONTACT, organization=world.org_b, region=world.county
    )
    confirm_visit(user=contact, visit=visit)  # the page is recomputed after this write
    assert _overview(client).work_covered == 2  # (a kept page has no context to read)


def test_the_overview_and_the_cockpit_give_the_same_work_coverage(world, login):
    _visit(world, VisitStatus.CONFIRMED)
    client = login(world.users.county)
    page = client.get("/orgs/coverage/").context
    overview, card = page["figures"], _cockpit_card(client)
    assert (overview.work_covered, overview.total) == (card.numerator, card.denominator)
    assert overview.work_rate == card.value
    # and the committee rows add up to it
    rows = page["by_committee"]
    assert sum(r["figures"].work_covered for r in rows) == overview.work_covered


def test_the_organization_rows_read_no_more_queries_as_they_grow(world, login):
    """The rows are built from one query of what they show (coverage_rows): uncovered first,
    in red with a link to post an instructor, categories as badges, names escaped."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = login(world.users.county)
    client.get("/orgs/coverage/")  # the session
    caches["shared"].clear()  # the page computed afresh, each time
    with CaptureQueriesContext(connection) as few:
        client.get("/orgs/coverage/")
    for n in range(30):
        f.OrganizationFactory(
            committee=world.nonpublic,
            name=f"保德县<b>覆盖</b>测试{n}有限公司",
            is_above_scale=n % 2 == 0,
        )
    caches["shared"].clear()  # the factory records no audit entry
    with CaptureQueriesContext(connection) as many:
        page = client.get("/orgs/coverage/")
    assert len(many) == len(few)
    body = page.content.decode()
    assert "&lt;b&gt;覆盖&lt;/b&gt;测试0有限公司" in body and "<b>覆盖</b>" not in body
    first = body.index('<tr class="table-danger">')  # nobody posted yet: first and red
    assert first < body.index(world.org_a.name)
    assert '<span class="badge text-bg-warning">规模以上工业企业</span>' in body
    assert f"{reverse('roster:assign')}?organization=" in body


def test_only_who_may_post_an_instructor_gets_the_button(world, login):
    from django.urls import reverse

    f.OrganizationFactory(committee=world.nonpublic, name="保德县待派驻有限公司")
    link = f"{reverse('roster:assign')}?organization="
    assert link in login(world.users.county).get("/orgs/coverage/").content.decode()
    audited = login(world.users.auditor).get("/orgs/coverage/").content.decode()
    assert link not in audited and '<span class="text-danger">未派驻</span>' in audited
