"""Above a county the worklist reads the open flag rows: the same flags as the counties' live
lists, filtered and paged in the database, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.core.models import Region, Role
from liangxin.core.worklist import flags_for
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagRow
from tests import factories as f


@pytest.fixture
def city_admin(world):
    return f.UserFactory(
        username="xinzhou",
        role=Role.COUNTY_ADMIN,
        region=Region.objects.get(code="140900"),
    )


def _live(world):
    """The counties' live flags, as their own administrators see them."""
    return flags_for(world.users.county) + flags_for(world.users.far_county)


def test_a_city_admin_sees_the_counties_flags_from_the_facts(world, city_admin, login):
    facts.refresh("140900")
    live = _live(world)
    assert live
    client = login(city_admin)
    response = client.get("/worklist/?view=flags")
    assert (
        response.context["flag_count"]
        == len(live)
        == FlagRow.objects.county_wide().count()
    )
    assert "facts-as-of" in response.content.decode()
    shown = {(fl.kind, fl.instructor_id, fl.detail) for fl in response.context["flags"]}
    assert shown == {(fl.kind, fl.instructor_id, fl.detail) for fl in live}

    kind = live[0].kind
    by_kind = client.get(f"/worklist/?view=flags&kind={kind}")
    assert by_kind.context["flag_count"] == sum(1 for fl in live if fl.kind == kind)
    assert {fl.kind for fl in by_kind.context["flags"]} == {kind}

    for severity in (1, 2, 3):
        page = client.get(f"/worklist/?view=flags&severity={severity}")
        assert page.context["flag_count"] == sum(
            1 for fl in live if fl.severity == severity
        )

    outside = client.get("/worklist/?view=flags&region=140930")
    assert outside.context["flag_count"] == len(flags_for(world.users.far_county))
    inside = client.get("/worklist/?view=flags&region=140931")
    assert inside.context["flag_count"] == len(flags_for(world.users.county))


def test_the_ranking_from_the_facts_matches_the_live_ranking(world, city_admin, login):
    from liangxin.core.worklist import rank_instructors

    facts.refresh("140900")
    live = rank_instructors(_live(world))
    response = login(city_admin).get("/worklist/")
    ranked = response.context["ranked"]
    assert [(r.instructor_id, r.score) for r in ranked] == [
        (r.instructor_id, r.score) for r in live
    ]
    assert [len(r.flags) for r in ranked] == [len(r.flags) for r in live]


def test_a_county_admin_still_sees_the_live_list(world, login):
    response = login(world.users.county).get("/worklist/?view=flags")
    assert not FlagRow.objects.exists()  # nothing refreshed, yet the live flags show
    assert response.context["flag_count"] == len(flags_for(world.users.county)) > 0
    assert "facts-as-of" not in response.content.decode()


def test_the_facts_worklist_is_paged_with_flat_queries(world, city_admin, login):
    facts.refresh("140900")
    client = login(city_admin)
    with CaptureQueriesContext(connection) as few:
        client.get("/worklist/")
    for _ in range(60):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    facts.refresh("140900")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/worklist/")
    page = response.context["page_obj"]
    assert page.paginator.num_pages >= 2 and len(page.object_list) == 50
    assert len(response.context["ranked"]) == 50
    assert len(many) == len(few)
    second = client.get("/worklist/?page=2&view=flags")
    assert second.context["page_obj"].number == 2


def test_an_instructor_with_many_flags_shows_eight_and_a_link_to_the_rest(
    world, city_admin, login
):
    import datetime

    for n in range(11):
        FlagRow.objects.create(
            key=f"test|{n}",
            kind="partylife.missing_meeting",
            label="组织生活缺项",
            severity=2,
            detail=f"第 {n} 项缺项",
            instructor_id=world.ins_a.pk,
            instructor_name=world.ins_a.name,
            region_id="140931",
            raised_on=datetime.date(2026, 11, 1),
        )
    body = login(city_admin).get("/worklist/").content.decode()
    assert body.count("缺项</li>") == 8
    assert "另有 3 条" in body and f"/roster/instructors/{world.ins_a.pk}/" in body


def test_above_a_county_a_page_is_kept_until_the_facts_are_rebuilt(
    world, city_admin, login
):
    """The flag rows change only when refresh_facts runs: a page is read back from the
    summaries until then (no GROUP BY over a province per view), and follows the rebuild."""
    facts.refresh("140900")
    client = login(city_admin)
    first = client.get("/worklist/")
    with CaptureQueriesContext(connection) as kept:
        again = client.get("/worklist/")
    assert not any("facts_flagrow" in q["sql"] for q in kept.captured_queries)
    assert [r.instructor_id for r in again.context["ranked"]] == [
        r.instructor_id for r in first.context["ranked"]
    ]
    assert again.context["flag_count"] == first.context["flag_count"]

    FlagRow.objects.all().delete()  # as if a rebuild found nothing open any more…
    assert client.get("/worklist/").context["flag_count"] == first.context["flag_count"]
    facts.refresh("140900")  # …the rebuild itself renews the kept pages
    after = client.get("/worklist/")
    assert after.context["flag_count"] == FlagRow.objects.open().count() > 0


def test_a_kept_page_numbers_like_a_live_one(world, city_admin, login):
    for _ in range(60):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    facts.refresh("140900")
    client = login(city_admin)
    ranked = FlagRow.objects.open().exclude(instructor_id=None)
    instructors = ranked.values("instructor_id").distinct().count()
    assert instructors > 50
    last = client.get("/worklist/?page=99")  # past the end: the last page
    page = last.context["page_obj"]
    assert page.number == page.paginator.num_pages == 2
    assert page.paginator.count == instructors
    assert len(last.context["ranked"]) == instructors - 50
    assert page.start_index() == 51
    assert client.get("/worklist/?page=0000002").context["page_obj"].number == 2
    for bad in ("0", "-1", "x", "²"):
        assert client.get(f"/worklist/?page={bad}").context["page_obj"].number == 1
    huge = client.get("/worklist/?page=" + "9" * 40)  # never an OFFSET out of range
    assert huge.status_code == 200 and huge.context["page_obj"].number == 2
    flags = client.get("/worklist/?view=flags&page=99").context["page_obj"]
    assert flags.paginator.count == FlagRow.objects.open().count()
    assert flags.number == flags.paginator.num_pages


def test_the_scheduled_job_keeps_the_first_page_for_city_leaders(
    world, city_admin, login
):
    from io import StringIO

    from django.core.management import call_command

    facts.refresh("140900")
    call_command("warm_cockpits", stdout=StringIO())
    with CaptureQueriesContext(connection) as read:
        page = login(city_admin).get("/worklist/")
    assert page.status_code == 200 and page.context["ranked"]
    assert not any("facts_flagrow" in q["sql"] for q in read.captured_queries)
