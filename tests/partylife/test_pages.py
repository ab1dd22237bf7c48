import pytest

from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import Candidate, Election, Meeting, MeetingKind
from tests import factories as f
from tests.partylife.conftest import d

LISTS = [
    "/partylife/meetings/",
    "/partylife/elections/",
    "/partylife/candidates/",
    "/partylife/service/",
    "/partylife/calendar/",
    "/partylife/terms/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_open_for_the_county(world, login, url):
    assert login(world.users.county).get(url).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_refuse_post(world, login, url):
    assert login(world.users.county).post(url).status_code == 405


def test_a_meeting_outside_the_scope_answers_404(world, login, po, make_meeting):
    meeting = make_meeting(po, d("2026-02-02"))
    assert (
        login(world.users.nonpublic).get(meeting.get_absolute_url()).status_code == 200
    )
    assert login(world.users.social).get(meeting.get_absolute_url()).status_code == 404


def test_the_contact_records_a_meeting_through_the_page(world, login, po):
    client = login(world.users.contact)
    assert client.get("/partylife/meetings/new/").status_code == 200
    response = client.post(
        "/partylife/meetings/new/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.ACTIVITY_DAY,
            "date": "2026-03-05",
            "topic": "重温入党誓词",
            "expected_count": 9,
            "present_count": 8,
            "instructor_attended": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Meeting.objects.get().instructor_attended


def test_the_page_shows_the_quorum_refusal_next_to_the_field(world, login, po):
    response = login(world.users.contact).post(
        "/partylife/meetings/new/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.MEMBERS,
            "date": "2026-03-05",
            "topic": "党员大会",
            "expected_count": 9,
            "present_count": 3,
        },
    )
    assert response.status_code == 200
    assert "不能作为有效会议" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_county_may_not_record_meetings(world, login):
    assert login(world.users.county).get("/partylife/meetings/new/").status_code == 403


def test_a_contact_cannot_pick_another_party_organization(world, login, po):
    other = f.PartyOrganizationFactory(committee=world.social)
    response = login(world.users.contact).post(
        "/partylife/meetings/new/",
        {
            "party_organization": other.pk,
            "kind": MeetingKind.LECTURE,
            "date": "2026-03-05",
            "topic": "党课",
            "expected_count": 9,
            "present_count": 8,
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_the_calendar_flags_missing_meetings(world, login, po, make_meeting):
    make_meeting(po, d("2026-01-10"))
    body = (
        login(world.users.nonpublic)
        .get("/partylife/calendar/?year=2026&kind=committee")
        .content.decode()
    )
    assert po.name in body and "缺开" in body and "已开" in body


def test_the_calendar_of_another_committee_answers_404(world, login):
    assert (
        login(world.users.nonpublic)
        .get(f"/partylife/calendar/?committee={world.social.pk}")
        .status_code
        == 404
    )


def test_terms_page_lets_the_committee_extend(world, login, po):
    po.term_started_on = d("2023-01-01")
    po.save()
    client = login(world.users.nonpublic)
    assert "逾期未换届" in client.get("/partylife/terms/").content.decode()
    overdue = client.get("/partylife/terms/?state=overdue")
    shown = len(overdue.context["statuses"])
    assert shown >= 1 and overdue.context["row_count"] == shown
    assert f'id="list-count">共 {shown} 条<' in overdue.content.decode()
    response = client.post(
        f"/partylife/terms/{po.pk}/extend/",
        {
            "months": 6,
            "approved_on": "2026-01-05",
            "approved_by": "县非公党委",
            "reason": "企业重组",
        },
    )
    assert response.status_code == 302
    assert po.extensions.count() == 1


def test_the_instructor_may_not_extend_a_term(world, login, po):
    assert (
        login(world.users.instructor)
        .post(f"/partylife/terms/{po.pk}/extend/", {})
        .status_code
        == 403
    )


def test_the_extension_of_a_party_organization_outside_scope_answers_404(
    world, login, po
):
    assert (
        login(world.users.social)
        .post(f"/partylife/terms/{po.pk}/extend/", {})
        .status_code
        == 404
    )


def test_the_candidate_page_guides_the_next_step(world, login, po):
    candidate = Candidate.objects.create(
        region=world.county,
        party_organization=po,
        name="王芳",
        birth_date=d("1996-03-08"),
    )
    client = login(world.users.contact)
    body = client.get(candidate.get_absolute_url()).content.decode()
    assert "登记第 1 步" in body
    response = client.post(
        f"/partylife/candidates/{candidate.pk}/steps/",
        {"number": 1, "date": "2025-01-06"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.current_step == 1
    assert client.get(f"/partylife/candidates/{candidate.pk}/steps/").status_code == 405
    assert (
        login(world.users.social).get(candidate.get_absolute_url()).status_code == 404
    )


def test_the_election_page_shows_computed_checks(world, login, po):
    election = Election.objects.create(
        region=world.county,
        party_organization=po,
        seats=5,
        candidates=5,
        entitled_count=10,
        present_count=9,
    )
    body = login(world.users.county).get(election.get_absolute_url()).content.decode()
    assert "候选人差额" in body and "不符合" in body and "符合" in body


@pytest.mark.parametrize(
    "url", ["/partylife/meetings/", "/partylife/calendar/", "/partylife/terms/"]
)
def test_list_query_counts_stay_flat_as_rows_grow(
    world, login, make_meeting, django_assert_max_num_queries, url
):
    client = login(world.users.county)

    def grow(to: int):
        while PartyOrganization.objects.count() < to:
            po = f.PartyOrganizationFactory(
                committee=world.nonpublic, term_started_on=d("2024-01-01")
            )
            make_meeting(po, d("2026-02-02"))
            make_meeting(
                po,
                d("2026-03-02"),
                kind=MeetingKind.ACTIVITY_DAY,
                instructor_attended=True,
            )

    grow(5)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    grow(35)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_a_photo_can_be_attached_to_a_meeting(world, login, po, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = login(world.users.instructor)
    assert (
        'enctype="multipart/form-data"'
        in client.get("/partylife/meetings/new/").content.decode()
    )
    response = client.post(
        "/partylife/meetings/new/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.LECTURE,
            "date": "2026-03-05",
            "topic": "党课",
            "expected_count": 9,
            "present_count": 8,
            "photo": SimpleUploadedFile(
                "p.jpg", b"\xff\xd8\xff", content_type="image/jpeg"
            ),
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get().photo.name.startswith("meeting-photos/")


def test_the_contact_corrects_a_meeting_with_its_version(
    world, login, po, make_meeting
):
    meeting = make_meeting(po, d("2026-02-02"), expected_count=9, present_count=8)
    client = login(world.users.contact)
    response = client.post(
        f"/partylife/meetings/{meeting.pk}/edit/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.COMMITTEE,
            "date": "2026-02-03",
            "topic": "改期",
            "expected_count": 9,
            "present_count": 8,
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "改期" and meeting.version == 2
    stale = client.post(
        f"/partylife/meetings/{meeting.pk}/edit/",
        {
            "party_organization": po.pk,
            "kind": MeetingKind.COMMITTEE,
            "date": "2026-02-03",
            "topic": "再改",
            "expected_count": 9,
            "present_count": 8,
            "version": 1,
        },
    )
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()


def test_the_contact_records_an_election_and_a_candidate_through_the_pages(
    world, login, po
):
    client = login(world.users.contact)
    assert client.get("/partylife/elections/new/").status_code == 200
    response = client.post(
        "/partylife/elections/new/",
        {
            "party_organization": po.pk,
            "request_on": "2026-08-01",
            "approval_on": "2026-08-20",
            "seats": 3,
            "candidates": 4,
            "entitled_count": 9,
            "present_count": 9,
            "held_on": "2026-09-01",
            "result": "选举产生新一届支委会",
            "new_term_years": 3,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    po.refresh_from_db()
    assert po.term_started_on == d("2026-09-01")
    response = client.post(
        "/partylife/candidates/new/",
        {"party_organization": po.pk, "name": "赵敏", "birth_date": "1999-05-04"},
    )
    assert response.status_code == 302
    assert Candidate.objects.get().name == "赵敏"
    assert (
        login(world.users.county).get("/partylife/candidates/new/").status_code == 403
    )


def test_each_extension_form_has_its_own_ids_and_todays_date(world, login, po):
    """The 登记延期 form of every row: ids of its own (labels lead to their field), and the
    approval date filled with today in the ISO form a date input takes."""
    from django.utils import timezone

    po.term_started_on, po.term_years = d("2020-01-01"), 3
    po.save()
    html = login(world.users.nonpublic).get("/partylife/terms/").content.decode()
    today = timezone.localdate().isoformat()
    assert f'id="id_approved_on_{po.pk}"' in html
    assert f'for="id_approved_on_{po.pk}"' in html
    assert f'value="{today}"' in html
    assert 'id="id_approved_on"' not in html


def test_the_terms_list_opens_on_one_party_organization(world, login, po):
    """A reminder's link shows its own party organization, with a way back to all; one the
    user may not see, or a malformed id, shows nothing (never an error)."""
    other = f.PartyOrganizationFactory(committee=world.nonpublic)
    f.OrganizationFactory(committee=world.nonpublic, party_organization=other)
    client = login(world.users.nonpublic)
    everything = client.get("/partylife/terms/").context["row_count"]
    assert everything > 1
    one = client.get(f"/partylife/terms/?party_org={po.pk}")
    assert [s.party_organization.pk for s in one.context["statuses"]] == [po.pk]
    assert 'id="one-party-org"' in one.content.decode()
    far = f.PartyOrganizationFactory(committee=world.far)
    assert client.get(f"/partylife/terms/?party_org={far.pk}").context["row_count"] == 0
    for malformed in ("x", "²", "1.5"):
        page = client.get(f"/partylife/terms/?party_org={malformed}")
        assert page.status_code == 200 and page.context["row_count"] == 0
    assert client.get("/partylife/calendar/?committee=²").status_code == 404


@pytest.mark.parametrize("kind", ["committee", "members", "lecture", "activity_day"])
def test_the_calendar_totals_are_of_the_kind_shown(
    world, login, po, make_meeting, kind
):
    """缺开 counts the red cells of the row, 落实率 is of the same kind; a kind that does not
    apply to a party organization shows — , not 0 and 100%."""
    make_meeting(po, d("2026-01-10"))
    page = login(world.users.nonpublic).get(
        f"/partylife/calendar/?year=2026&kind={kind}"
    )
    assert page.context["grid"]
    for row in page.context["grid"]:
        cells = row["cells"]
        if all(cell["state"] == "na" for cell in cells):
            assert row["missing"] is None and row["rate"] is None
        else:
            met = sum(c["state"] == "met" for c in cells)
            missing = sum(c["state"] == "missing" for c in cells)
            assert row["missing"] == missing
            decided = met + missing
            assert row["rate"] == (round(met * 100 / decided, 1) if decided else None)


def test_the_calendar_opens_on_the_meeting_every_branch_holds(world, login, po):
    page = login(world.users.nonpublic).get("/partylife/calendar/")
    assert page.context["kind"] == "members"
