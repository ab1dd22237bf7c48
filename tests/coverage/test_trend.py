import datetime

import pytest
from django.utils import timezone

from liangxin.coverage import services as org_services
from liangxin.coverage.services import coverage_trend
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from liangxin.orgs.models import Organization, OrgStatus, PartyOrgKind
from tests import factories as f
from tests.partylife.conftest import d


@pytest.fixture
def small_world(world):
    """Seven active organizations (and a closed one): own, joint, founded in 2026, visited."""
    nonpublic = world.nonpublic
    new_po = f.PartyOrganizationFactory(committee=nonpublic, founded_on=d("2026-04-15"))
    joint = f.PartyOrganizationFactory(
        committee=world.social,
        kind=PartyOrgKind.JOINT_BRANCH,
        founded_on=d("2025-07-01"),
    )
    world.po_a.founded_on = d("2022-05-01")
    world.po_a.save()
    f.OrganizationFactory(
        committee=nonpublic, party_organization=new_po, formal_members=4
    )
    f.OrganizationFactory(
        committee=world.social, party_organization=joint, formal_members=1
    )
    f.OrganizationFactory(
        committee=world.social, party_organization=joint, formal_members=3
    )
    f.OrganizationFactory(committee=nonpublic, formal_members=6)  # ready, no po
    f.OrganizationFactory(committee=nonpublic, status=OrgStatus.CLOSED)
    # confirmed visits: org_a2 (no po) in March, org_b (no po) in March and May; a pending one
    for org, day, status in [
        (world.org_a2, "2026-03-03", VisitStatus.CONFIRMED),
        (world.org_b, "2026-03-09", VisitStatus.CONFIRMED),
        (world.org_b, "2026-05-09", VisitStatus.CONFIRMED),
        (world.org_a2, "2026-06-09", VisitStatus.PENDING),
    ]:
        asg = world.asg_b if org == world.org_b else world.asg_a
        Visit.objects.create(
            region_id=org.region_id,
            instructor=asg.instructor,
            organization=org,
            assignment=asg,
            date=d(day),
            status=status,
            activities=[Activity.RESEARCH],
            recorded_via=RecordedVia.ON_SITE,
            recorded_at=timezone.now(),
        )
    return world


def _independent(year: int, month: int):
    """The same figures counted the plain way, one organization at a time."""
    last = (
        datetime.date(year, month % 12 + 1, 1)
        if month < 12
        else datetime.date(year + 1, 1, 1)
    ) - datetime.timedelta(days=1)
    orgs = [
        o
        for o in Organization.objects.filter(region_id="140931")
        if o.status == "active"
    ]
    own = joint = work = founded = 0
    founded_pos = set()
    for o in orgs:
        po = o.party_organization
        has = po is not None and (po.founded_on is None or po.founded_on <= last)
        if has and po.kind == PartyOrgKind.JOINT_BRANCH:
            joint += 1
        elif has:
            own += 1
        visited = Visit.objects.filter(
            organization=o, status="confirmed", date__year=year, date__month=month
        ).exists()
        work += has or visited
        if (
            po is not None
            and po.founded_on
            and (po.founded_on.year, po.founded_on.month) == (year, month)
        ):
            founded_pos.add(po.pk)
    founded = len(founded_pos)
    return {
        "total": len(orgs),
        "own": own,
        "joint": joint,
        "work_covered": work,
        "founded": founded,
    }


def test_the_monthly_coverage_figures_add_up(small_world, django_assert_num_queries):
    user = small_world.users.county
    qs = org_services.coverage_queryset(user)
    with django_assert_num_queries(2):
        trend = coverage_trend(qs, 2026)
    for row in trend:
        expected = _independent(2026, row["month"])
        assert {k: row[k] for k in expected} == expected, row["label"]
    march, april = trend[2], trend[3]
    assert march["total"] == 7 and march["own"] == 1 and march["joint"] == 2
    assert march["work_covered"] == 5 and march["active_instructor"] == 2
    assert april["own"] == 2 and april["founded"] == 1
    assert april["work_rate"] == round(4 * 100 / 7, 1)


def test_the_trend_queries_stay_fixed_as_organizations_grow(
    small_world, django_assert_num_queries
):
    for _ in range(30):
        f.OrganizationFactory(committee=small_world.nonpublic)
    qs = org_services.coverage_queryset(small_world.users.county)
    with django_assert_num_queries(2):
        coverage_trend(qs, 2026)


def test_the_trend_page_draws_the_chart_for_the_county(small_world, login):
    body = (
        login(small_world.users.county)
        .get("/partylife/coverage/?year=2026")
        .content.decode()
    )
    assert "vendor/echarts/echarts.min.js" in body and "trend-data" in body
    assert "工作覆盖率" in body


def test_the_instructor_sees_their_organizations_ready_to_found(small_world, login):
    small_world.org_a.party_organization = None
    small_world.org_a.save()
    body = (
        login(small_world.users.instructor).get("/partylife/coverage/").content.decode()
    )
    assert small_world.org_a.name in body and "trend-data" not in body


@pytest.mark.parametrize("persona,status", [("contact", 404), ("unit", 404)])
def test_other_roles_have_no_trend(small_world, login, persona, status):
    assert (
        login(getattr(small_world.users, persona))
        .get("/partylife/coverage/")
        .status_code
        == status
    )


def test_the_trend_page_refuses_post_and_foreign_committees(small_world, login):
    client = login(small_world.users.nonpublic)
    assert client.post("/partylife/coverage/").status_code == 405
    assert (
        client.get(
            f"/partylife/coverage/?committee={small_world.social.pk}"
        ).status_code
        == 404
    )


def test_the_coverage_api_carries_the_trend(small_world, api):
    data = api(small_world.users.county).get("/api/coverage/?year=2026").json()
    assert len(data["trend"]) == 12 and data["trend"][2]["work_covered"] == 5


def test_the_trend_is_kept_until_the_county_records_a_change(small_world, login):
    """The trend is a summary (core.summaries): a second visit reads it, the first visit
    after any recorded change in the county computes it afresh."""
    import re

    from liangxin.orgs.services import save_organization

    def chart(response) -> str:
        return re.search(
            r'id="trend-data"[^>]*>(.*?)</script>', response.content.decode()
        )[1]

    client = login(small_world.users.county)
    computed = client.get("/partylife/coverage/?year=2026")
    first = computed.context["trend"]
    again = client.get("/partylife/coverage/?year=2026")  # the kept page: no context
    assert again.context.get("trend") is None and chart(again) == chart(computed)
    assert "分钟前计算" not in client.get("/partylife/coverage/").content.decode()
    org = small_world.org_b
    org.status = OrgStatus.CLOSED
    save_organization(
        user=small_world.users.county, organization=org, expected_version=org.version
    )
    after = client.get("/partylife/coverage/?year=2026").context["trend"]
    assert after[0]["total"] == first[0]["total"] - 1
