import datetime

import pytest
from rest_framework.test import APIClient

from liangxin.partylife.models import Meeting, MeetingKind, RuleSet
from tests.factories import api_token


@pytest.fixture
def rules(world):
    """The seeded province rule set (2014 细则 / 2018 条例), applying to the county below."""
    return RuleSet.objects.get(region_id="140000", version=1)


@pytest.fixture
def po(world):
    po = world.po_a
    po.has_branch_committee = True
    po.formal_members = 9
    po.save()
    return po


@pytest.fixture
def make_meeting():
    """A meeting stored directly (bypassing the rules), for compliance, lists and scope."""

    def _make(party_organization, date, kind=MeetingKind.COMMITTEE, **extra):
        extra.setdefault("expected_count", 5)
        extra.setdefault("present_count", 4)
        return Meeting.objects.create(
            region_id=party_organization.region_id,
            party_organization=party_organization,
            kind=kind,
            date=date,
            topic=extra.pop("topic", "研究工作"),
            **extra,
        )

    return _make


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
