"""Issue 10, item 6: an applicant must be 18 or over (党章 第一条; 细则 第九条), so the birth
date is recorded and an application before the 18th birthday is refused."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core.dates import add_years
from liangxin.core.services import ServiceError
from liangxin.partylife.models import Candidate
from liangxin.partylife.services import pipeline as pipeline_services


@pytest.fixture
def po(world):
    return world.po_a


def test_a_candidate_needs_a_birth_date(world, po):
    with pytest.raises(ServiceError, match="出生日期") as exc:
        pipeline_services.add_candidate(
            user=world.users.contact, party_organization=po, name="赵敏"
        )
    assert exc.value.field == "birth_date"
    assert not Candidate.objects.exists()


def test_a_person_under_18_today_cannot_be_registered(world, po):
    seventeen = add_years(timezone.localdate(), -17)
    with pytest.raises(ServiceError, match="未满十八岁"):
        pipeline_services.add_candidate(
            user=world.users.contact,
            party_organization=po,
            name="赵敏",
            birth_date=seventeen,
        )


def test_an_application_dated_before_the_18th_birthday_is_refused(world, po):
    candidate = pipeline_services.add_candidate(
        user=world.users.contact,
        party_organization=po,
        name="赵敏",
        birth_date=datetime.date(2008, 2, 29),
    )
    with pytest.raises(ServiceError, match="2026-02-28 年满十八岁"):
        pipeline_services.record_step(
            user=world.users.contact,
            candidate=candidate,
            number=1,
            date=datetime.date(2026, 2, 27),
        )
    record = pipeline_services.record_step(
        user=world.users.contact,
        candidate=candidate,
        number=1,
        date=datetime.date(2026, 2, 28),
    )
    assert record.number == 1


def test_the_candidate_form_asks_for_the_birth_date(world, login, po):
    response = login(world.users.contact).post(
        "/partylife/candidates/new/", {"party_organization": po.pk, "name": "赵敏"}
    )
    assert response.status_code == 200
    assert "递交入党申请书时须年满十八岁" in response.content.decode()
