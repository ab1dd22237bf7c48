"""Committee staff manage only their own committee's trainings and instructors (issue 11, item 4)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.core.services import ServiceError
from liangxin.duties.models import Enrolment, TrainingEvent
from liangxin.duties.services import training as training_services

TODAY = timezone.localdate()


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def county_training(world):
    item = TrainingEvent.objects.create(
        region=world.county,
        title="全县指导员培训班",
        kind="class",
        date=TODAY,
        hours=Decimal("4"),
        organizer=world.users.county,
    )
    Enrolment.objects.create(event=item, instructor=world.ins_a)
    Enrolment.objects.create(event=item, instructor=world.ins_b)
    return item


@pytest.fixture
def social_training(world):
    return training_services.save_training(
        user=world.users.social,
        event=TrainingEvent(title="社会组织培训", kind="meeting", date=TODAY, hours=2),
    )


def test_a_training_created_by_committee_staff_belongs_to_their_committee(
    world, social_training
):
    assert social_training.committee == world.social
    assert training_services.can_organize(world.users.social, social_training)
    assert training_services.can_organize(world.users.county, social_training)
    assert not training_services.can_organize(world.users.nonpublic, social_training)


def test_committee_staff_cannot_edit_enrol_or_tick_a_county_training(
    world, county_training
):
    staff = world.users.nonpublic
    for call in (
        lambda: training_services.save_training(
            user=staff, event=county_training, expected_version=1
        ),
        lambda: training_services.enrol(
            user=staff, event=county_training, instructors=[world.ins_a]
        ),
        lambda: training_services.mark_attendance(
            user=staff, event=county_training, attended_ids=[world.ins_a.pk]
        ),
    ):
        with pytest.raises(ServiceError):
            call()
    assert not county_training.enrolments.filter(attended=True).exists()


def test_committee_staff_cannot_touch_the_other_committees_training(
    world, social_training, login
):
    client = login(world.users.nonpublic)
    pk = social_training.pk
    assert client.get(f"/duties/trainings/{pk}/edit/").status_code == 403
    assert (
        client.post(
            f"/duties/trainings/{pk}/enrol/", {"instructors": [world.ins_a.pk]}
        ).status_code
        == 403
    )
    assert not social_training.enrolments.exists()


def test_attendance_changes_only_instructors_within_the_users_scope(world):
    training = training_services.save_training(
        user=world.users.nonpublic,
        event=TrainingEvent(title="非公培训", kind="class", date=TODAY, hours=2),
    )
    Enrolment.objects.create(event=training, instructor=world.ins_a)
    # someone else's instructor on the list (e.g. enrolled by the county admin)
    Enrolment.objects.create(event=training, instructor=world.ins_b, attended=True)
    training_services.mark_attendance(
        user=world.users.nonpublic, event=training, attended_ids=[world.ins_a.pk]
    )
    assert training.enrolments.get(instructor=world.ins_a).attended
    assert training.enrolments.get(instructor=world.ins_b).attended  # untouched


def test_committee_staff_enrol_only_their_own_instructors(world):
    training = training_services.save_training(
        user=world.users.nonpublic,
        event=TrainingEvent(title="非公培训", kind="class", date=TODAY, hours=2),
    )
    added = training_services.enrol(
        user=world.users.nonpublic,
        event=training,
        instructors=[world.ins_a, world.ins_b],
    )
    assert added == 1
    assert list(training.enrolments.values_list("instructor", flat=True)) == [
        world.ins_a.pk
    ]


def test_the_api_refuses_committee_writes_on_a_county_training(world, county_training):
    client = _api(world.users.nonpublic)
    pk = county_training.pk
    assert (
        client.patch(
            f"/api/trainings/{pk}/", {"title": "改", "version": 1}, format="json"
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/trainings/{pk}/attendance/",
            {"instructors": [world.ins_a.pk, world.ins_b.pk]},
            format="json",
        ).status_code
        == 403
    )
    county_training.refresh_from_db()
    assert county_training.title == "全县指导员培训班"
    assert not county_training.enrolments.filter(attended=True).exists()


def test_the_enrolled_list_shows_committee_staff_only_their_instructors(
    world, county_training, login
):
    body = _api(world.users.nonpublic).get(f"/api/trainings/{county_training.pk}/")
    assert [e["instructor"] for e in body.json()["enrolled"]] == [world.ins_a.pk]
    page = login(world.users.nonpublic).get(county_training.get_absolute_url())
    assert world.ins_a.name in page.content.decode()
    assert world.ins_b.name not in page.content.decode()
    full = _api(world.users.county).get(f"/api/trainings/{county_training.pk}/")
    assert len(full.json()["enrolled"]) == 2
