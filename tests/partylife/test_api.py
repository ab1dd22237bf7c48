from liangxin.partylife.models import (
    Candidate,
    Election,
    Meeting,
    MeetingKind,
    ServiceTheme,
)
from tests.partylife.conftest import d


def test_the_contact_posts_a_meeting_validated_like_the_page(world, po, api):
    client = api(world.users.contact)
    bad = client.post(
        "/api/meetings/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.MEMBERS,
            "date": "2026-03-05",
            "topic": "党员大会",
            "expected_count": 9,
            "present_count": 4,
        },
    )
    assert bad.status_code == 400 and "有效会议" in bad.content.decode()
    good = client.post(
        "/api/meetings/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.MEMBERS,
            "date": "2026-03-05",
            "topic": "党员大会",
            "expected_count": 9,
            "present_count": 7,
        },
    )
    assert good.status_code == 201, good.content
    assert Meeting.objects.count() == 1


def test_meetings_are_scoped_in_the_api(world, po, api, make_meeting):
    make_meeting(po, d("2026-02-02"))
    assert len(api(world.users.nonpublic).get("/api/meetings/").json()["results"]) == 1
    assert len(api(world.users.social).get("/api/meetings/").json()["results"]) == 0
    meeting = Meeting.objects.get()
    assert (
        api(world.users.social).get(f"/api/meetings/{meeting.pk}/").status_code == 404
    )


def test_the_county_cannot_post_meetings(world, po, api):
    response = api(world.users.county).post(
        "/api/meetings/", {"party_organization": po.pk}
    )
    assert response.status_code in (400, 403)
    assert not Meeting.objects.exists()


def test_elections_carry_their_computed_checks(world, po, api):
    Election.objects.create(
        region=world.county, party_organization=po, seats=5, candidates=6
    )
    row = api(world.users.county).get("/api/elections/").json()["results"][0]
    assert {"check": "候选人差额", "passed": True} == {
        k: row["checks"][0][k] for k in ("check", "passed")
    }


def test_candidates_and_service_activities_are_created_through_services(world, po, api):
    client = api(world.users.instructor)
    response = client.post(
        "/api/candidates/",
        {"party_organization": po.pk, "name": "李明", "birth_date": "2000-01-02"},
    )
    assert response.status_code == 201, response.content
    assert Candidate.objects.get().region_id == world.county.code
    theme = ServiceTheme.objects.create(region=world.county, name="乡村振兴")
    response = client.post(
        "/api/service-activities/",
        {
            "organization": world.org_a.pk,
            "date": "2026-05-01",
            "title": "助农直播",
            "participants": 8,
            "beneficiaries": 100,
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["themes"] == [theme.pk]
    other = api(world.users.social).get("/api/service-activities/").json()["results"]
    assert other == []
