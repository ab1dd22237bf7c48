import pytest

from liangxin.core.services import ServiceError
from liangxin.partylife.models import Meeting, MeetingKind
from liangxin.partylife.services import meetings as meeting_services
from tests import factories as f
from tests.partylife.conftest import d


def _meeting(po, kind=MeetingKind.MEMBERS, expected=9, present=6, **extra):
    return Meeting(
        party_organization=po,
        kind=kind,
        date=d("2026-03-05"),
        topic="学习",
        expected_count=expected,
        present_count=present,
        **extra,
    )


def test_the_contact_records_a_meeting_of_their_own_party_organization(world, po):
    meeting = meeting_services.save_meeting(
        user=world.users.contact, meeting=_meeting(po)
    )
    assert meeting.pk and meeting.region_id == po.region_id
    assert meeting.entered_by == world.users.contact


def test_the_instructor_records_a_meeting_of_an_assigned_organization(world, po):
    meeting = meeting_services.save_meeting(
        user=world.users.instructor, meeting=_meeting(po)
    )
    assert meeting.pk


@pytest.mark.parametrize("persona", ["social", "nonpublic", "county", "unit"])
def test_others_cannot_record_meetings(world, po, persona):
    with pytest.raises(ServiceError):
        meeting_services.save_meeting(
            user=getattr(world.users, persona), meeting=_meeting(po)
        )


def test_an_instructor_of_another_organization_cannot_record(world, po):
    other = f.UserFactory(username="ins_b", role="instructor", region=world.county)
    world.ins_b.user = other
    world.ins_b.save()
    with pytest.raises(ServiceError):
        meeting_services.save_meeting(user=other, meeting=_meeting(po))


def test_a_members_meeting_needs_more_than_half_present(world, po):
    with pytest.raises(ServiceError, match="超过应到人数的 50%"):
        meeting_services.save_meeting(
            user=world.users.contact, meeting=_meeting(po, present=4, expected=8)
        )
    assert meeting_services.save_meeting(
        user=world.users.contact, meeting=_meeting(po, present=5, expected=8)
    ).pk


def test_a_meeting_kind_without_quorum_rule_accepts_few_present(world, po):
    meeting = _meeting(po, kind=MeetingKind.LECTURE, present=1, expected=9)
    assert meeting_services.save_meeting(user=world.users.contact, meeting=meeting).pk


def test_more_present_than_expected_is_refused(world, po):
    with pytest.raises(ServiceError, match="实到人数不能多于应到人数"):
        meeting_services.save_meeting(
            user=world.users.contact, meeting=_meeting(po, present=10)
        )


def test_at_most_a_third_are_graded_excellent_in_the_evaluation(world, po):
    too_many = _meeting(
        po,
        kind=MeetingKind.EVALUATION,
        expected=9,
        present=9,
        excellent_count=4,
        qualified_count=5,
    )
    with pytest.raises(ServiceError, match="1/3"):
        meeting_services.save_meeting(user=world.users.contact, meeting=too_many)
    fine = _meeting(
        po,
        kind=MeetingKind.EVALUATION,
        expected=9,
        present=9,
        excellent_count=3,
        qualified_count=6,
    )
    assert meeting_services.save_meeting(user=world.users.contact, meeting=fine).pk


def test_grades_belong_only_to_the_evaluation(world, po):
    with pytest.raises(ServiceError, match="民主评议"):
        meeting_services.save_meeting(
            user=world.users.contact, meeting=_meeting(po, excellent_count=1)
        )


def test_a_future_meeting_is_refused(world, po):
    meeting = _meeting(po)
    meeting.date = d("2099-01-01")
    with pytest.raises(ServiceError, match="晚于今天"):
        meeting_services.save_meeting(user=world.users.contact, meeting=meeting)


def test_meetings_are_scoped_like_party_organizations(world, po, make_meeting):
    meeting = make_meeting(po, d("2026-02-02"))
    visible = {
        name: Meeting.objects.visible_to(getattr(world.users, name))
        .filter(pk=meeting.pk)
        .exists()
        for name in vars(world.users)
    }
    assert visible == {
        "county": True,
        "nonpublic": True,
        "social": False,
        "instructor": True,
        "contact": True,
        "unit": True,
        "auditor": True,
        "far_county": False,
    }
