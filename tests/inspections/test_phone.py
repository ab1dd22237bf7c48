"""Phone surveys (电话调查): a reproducible call list from the instructor's organizations'
contacts, answers per call, and all of it for inspectors only."""

import datetime

import pytest
from django.urls import reverse

from liangxin.core.models import Role
from liangxin.core.services import ServiceError
from liangxin.inspections import services
from liangxin.inspections.models import Inspection, Kind, PhoneCall
from tests import factories as f

INSPECTED = ["instructor", "contact", "unit"]


@pytest.fixture
def contacts(world):
    world.users.contact.display_name, world.users.contact.phone = (
        "赵会计",
        "13912345678",
    )
    world.users.contact.save()
    extra = [
        f.UserFactory(
            username=f"contact-a{n}",
            role=Role.ORG_CONTACT,
            organization=world.org_a,
            region=world.county,
            display_name=f"联系人{n}",
            phone=f"1380000000{n}",
        )
        for n in range(6)
    ]
    # a contact of an organization the instructor is not posted to is never on the list
    f.UserFactory(
        username="contact-a2",
        role=Role.ORG_CONTACT,
        organization=world.org_a2,
        region=world.county,
        display_name="外单位联系人",
        phone="13700000000",
    )
    return [world.users.contact, *extra]


@pytest.fixture
def survey(world, contacts):
    return services.record_inspection(
        user=world.users.nonpublic,
        inspection=Inspection(
            kind=Kind.PHONE,
            date=datetime.date(2026, 10, 15),
            inspectors="王检查",
            instructor=world.ins_a,
            organization=world.org_a,
        ),
        sample_seed=20261015,
    )


def test_a_phone_survey_draws_a_reproducible_call_list_from_the_contacts(world, survey):
    calls = list(PhoneCall.objects.filter(inspection=survey))
    assert len(calls) == services.CALL_LIST_SIZE
    assert {c.organization_id for c in calls} == {world.org_a.pk}
    assert "外单位联系人" not in {c.name for c in calls}
    again = services.call_list_sample(world.ins_a.pk, survey.sample_seed)
    assert [row[0] for row in again] == [c.contact_id for c in calls]
    assert all(c.phone.startswith("13") and c.name for c in calls)


def test_ended_postings_leave_their_contacts_off_the_list(world, contacts):
    world.asg_a.ended_on = datetime.date(2026, 9, 1)
    world.asg_a.save()
    assert services.call_list_sample(world.ins_a.pk, 1) == []


def test_the_answers_of_a_call_are_recorded_and_validated(world, survey):
    call = survey.calls.first()
    with pytest.raises(ServiceError, match="满意度"):
        services.record_call(
            user=world.users.nonpublic, call=call, reached=True, frequency="monthly"
        )
    with pytest.raises(ServiceError, match="未接通"):
        services.record_call(
            user=world.users.nonpublic,
            call=call,
            reached=False,
            satisfaction="satisfied",
        )
    with pytest.raises(ServiceError, match="权限"):
        services.record_call(user=world.users.instructor, call=call, reached=False)
    services.record_call(
        user=world.users.nonpublic,
        call=call,
        reached=True,
        frequency="monthly",
        satisfaction="fairly",
        comment="来得不够勤",
    )
    call.refresh_from_db()
    assert (call.reached, call.get_satisfaction_display(), call.comment) == (
        True,
        "基本满意",
        "来得不够勤",
    )
    assert call.called_by == world.users.nonpublic


def test_the_inspector_records_an_answer_on_the_page(world, login, survey):
    call = survey.calls.first()
    client = login(world.users.nonpublic)
    response = client.post(
        reverse("inspections:record_call", args=[call.pk]),
        {
            "reached": "1",
            "frequency": "weekly",
            "satisfaction": "satisfied",
            "comment": "很好",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.satisfaction == "satisfied"
    text = client.get(survey.get_absolute_url()).content.decode()
    assert "电话调查名单" in text and call.phone in text and "满意" in text


def test_the_answer_page_refuses_a_missing_choice_in_chinese(world, login, survey):
    call = survey.calls.first()
    client = login(world.users.nonpublic)
    response = client.post(
        reverse("inspections:record_call", args=[call.pk]),
        {"reached": "1"},
        follow=True,
    )
    assert "请选择指导员到企业" in response.content.decode()
    response = client.post(
        reverse("inspections:record_call", args=[call.pk]), {"reached": ""}, follow=True
    )
    assert "请选择是否接通" in response.content.decode()
    call.refresh_from_db()
    assert call.reached is None


@pytest.mark.parametrize(
    "persona,status",
    [
        ("county", 302),
        ("nonpublic", 302),
        ("social", 404),
        ("far_county", 404),
        ("instructor", 403),
        ("contact", 403),
        ("unit", 403),
        ("auditor", 403),
    ],
)
def test_the_answer_action_answers_each_role(world, login, survey, persona, status):
    call = survey.calls.first()
    response = login(getattr(world.users, persona)).post(
        reverse("inspections:record_call", args=[call.pk]), {"reached": "0"}
    )
    assert response.status_code == status


def test_the_answer_action_needs_post(world, login, survey):
    call = survey.calls.first()
    response = login(world.users.nonpublic).get(
        reverse("inspections:record_call", args=[call.pk])
    )
    assert response.status_code == 405


@pytest.mark.parametrize("persona", INSPECTED)
def test_call_lists_and_answers_never_reach_the_inspected_side(
    world, login, api, survey, persona
):
    call = survey.calls.first()
    services.record_call(
        user=world.users.nonpublic,
        call=call,
        reached=True,
        frequency="rarely",
        satisfaction="unsatisfied",
        comment="很少见到人",
    )
    user = getattr(world.users, persona)
    assert PhoneCall.objects.visible_to(user).count() == 0
    text = login(user).get(survey.get_absolute_url()).content.decode()
    assert "电话调查名单" not in text and "很少见到人" not in text
    others = [
        c for c in survey.calls.all() if c.contact_id != user.pk
    ]  # own name: navbar
    assert all(c.name not in text and c.phone not in text for c in others)
    data = api(user).get(f"/api/inspections/{survey.pk}/").json()
    assert "calls" not in data and "很少见到人" not in str(data)


def test_phone_numbers_are_masked_for_the_auditor(world, login, api, survey):
    call = survey.calls.first()
    text = login(world.users.auditor).get(survey.get_absolute_url()).content.decode()
    assert call.name in text and call.phone not in text
    assert f"{call.phone[:3]}****{call.phone[-4:]}" in text
    data = api(world.users.auditor).get(f"/api/inspections/{survey.pk}/").json()
    assert call.phone not in str(data) and len(data["calls"]) == services.CALL_LIST_SIZE
    full = api(world.users.county).get(f"/api/inspections/{survey.pk}/").json()
    assert call.phone in str(full)


def test_the_other_committee_sees_no_call_list(world, survey):
    assert PhoneCall.objects.visible_to(world.users.social).count() == 0
    assert (
        PhoneCall.objects.visible_to(world.users.nonpublic).count()
        == services.CALL_LIST_SIZE
    )


def test_the_inspector_records_an_answer_through_the_api(world, api, survey):
    call = survey.calls.first()
    url = f"/api/inspections/{survey.pk}/calls/{call.pk}/"
    response = api(world.users.nonpublic).post(url, {"reached": True}, format="json")
    assert response.status_code == 400 and "到企业" in str(response.json())
    response = api(world.users.nonpublic).post(
        url,
        {"reached": True, "frequency": "weekly", "satisfaction": "satisfied"},
        format="json",
    )
    assert (
        response.status_code == 200 and response.json()["satisfaction"] == "satisfied"
    )
    assert (
        api(world.users.instructor)
        .post(url, {"reached": False}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.users.social).post(url, {"reached": False}, format="json").status_code
        == 404
    )


def test_unsatisfied_answers_are_an_indicator_for_schemes(world, survey):
    from liangxin.core import indicators

    first, second, third = survey.calls.all()[:3]
    for call, satisfaction in (
        (first, "unsatisfied"),
        (second, "unsatisfied"),
        (third, "satisfied"),
    ):
        services.record_call(
            user=world.users.nonpublic,
            call=call,
            reached=True,
            frequency="rarely",
            satisfaction=satisfaction,
        )
    values = indicators.compute(
        "inspections.phone_unsatisfied",
        [world.ins_a.pk, world.ins_b.pk],
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert values == {world.ins_a.pk: 2, world.ins_b.pk: 0}
