"""The worklist is filterable by kind, region and severity and paged."""

from django.core.cache import caches

from liangxin.core.worklist import flags_for
from tests import factories as f


def test_the_worklist_filtered_by_kind_shows_only_that_kind(world, login):
    client = login(world.users.county)
    everything = client.get("/worklist/?view=flags").context["flag_count"]
    response = client.get("/worklist/?view=flags&kind=fieldwork.under_minimum")
    flags = response.context["flags"]
    assert flags and {fl.kind for fl in flags} == {"fieldwork.under_minimum"}
    assert response.context["flag_count"] < everything
    assert (
        len(flags_for(world.users.county, kinds={"fieldwork.under_minimum"}))
        == (response.context["flag_count"])
    )


def test_an_unknown_kind_or_bad_severity_is_ignored_never_an_error(world, login):
    client = login(world.users.county)
    everything = client.get("/worklist/").context["flag_count"]
    response = client.get("/worklist/?kind=nope&severity=9&region=abc&page=x")
    assert response.status_code == 200
    assert response.context["flag_count"] == everything


def test_the_worklist_filtered_by_severity(world, login):
    response = login(world.users.county).get("/worklist/?view=flags&severity=1")
    assert all(fl.severity == 1 for fl in response.context["flags"])


def test_the_worklist_filtered_by_a_region_outside_keeps_nothing(world, login):
    response = login(world.users.county).get(
        f"/worklist/?view=flags&region={world.other_county.code}"
    )
    assert response.context["flag_count"] == 0
    import datetime

    # a party organization no instructor is posted to, its term long overdue: a flag with
    # neither an instructor nor an organization
    f.PartyOrganizationFactory(
        committee=world.nonpublic,
        term_started_on=datetime.date(2015, 1, 1),
        term_years=3,
    )
    caches["shared"].clear()  # the factory records no audit entry: the kept list is old
    client = login(world.users.county)
    unplaced = [
        fl
        for fl in client.get("/worklist/?view=flags&kind=partylife.term").context[
            "flags"
        ]
        if fl.instructor_id is None and fl.organization_id is None
    ]
    assert unplaced
    inside = client.get(f"/worklist/?view=flags&region={world.county.code}")
    # the county's own region keeps every flag, those with no instructor and no
    # organization (a party organization's meetings, a candidate) too: the cockpit links here
    everything = client.get("/worklist/?view=flags").context["flag_count"]
    assert inside.context["flag_count"] == everything > 0
    city = client.get(f"/worklist/?view=flags&region={world.county.code[:4]}00")
    assert city.context["flag_count"] == everything


def test_the_worklist_is_paged_by_fifty(world, login):
    for _ in range(60):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    response = login(world.users.county).get("/worklist/")
    page = response.context["page_obj"]
    assert page.paginator.num_pages >= 2 and len(page.object_list) == 50
    second = login(world.users.county).get("/worklist/?page=2")
    assert second.context["page_obj"].number == 2


def test_the_ranking_says_how_many_warnings_name_no_instructor(world, login):
    """The ranked view leaves out warnings with no instructor (an overdue term of a party
    organization nobody is posted to); it says how many, and links to them one by one."""
    import datetime

    f.PartyOrganizationFactory(
        committee=world.nonpublic,
        term_started_on=datetime.date(2015, 1, 1),
        term_years=3,
    )
    client = login(world.users.county)
    listed = client.get("/worklist/?view=flags").context["flags"]
    without = sum(1 for fl in listed if fl.instructor_id is None)
    assert without >= 1
    ranked = client.get("/worklist/")
    assert ranked.context["unranked"] == without
    html = ranked.content.decode()
    assert f"另有 <strong>{without}</strong> 条预警不涉及具体指导员" in html
    assert 'href="?view=flags">逐条查看</a>' in html
    severe = client.get("/worklist/?severity=3").context["unranked"]
    assert severe <= without
