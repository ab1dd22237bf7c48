import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.duties.models import MatterRequest, RequestStatus
from liangxin.duties.services.requests import draft_request
from tests.factories import api_token


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


@pytest.fixture
def make_request(world):
    """A request of ins_a (org_a) or ins_b (org_b), stored directly in the given status."""

    def _make(
        key="a", status=RequestStatus.SUBMITTED, subject="拟发展职工入党", **extra
    ):
        assignment = getattr(world, f"asg_{key}")
        if status != RequestStatus.DRAFT:
            extra.setdefault("submitted_at", timezone.now())
            extra.setdefault(
                "reply_due", timezone.localdate() + datetime.timedelta(days=7)
            )
        if status == RequestStatus.REPLIED:
            extra.setdefault("decision", "agree")
        return MatterRequest.objects.create(
            region_id=assignment.organization.region_id,
            instructor=assignment.instructor,
            organization=assignment.organization,
            subject=subject,
            content="企业拟调整党支部书记，特此请示。",
            status=status,
            **extra,
        )

    return _make


@pytest.fixture
def drafted(world):
    """A draft written through the service by ins_a's user."""
    return draft_request(
        user=world.users.instructor,
        organization=world.org_a,
        subject="调整支部书记",
        content="拟由张某担任支部书记。",
        urgency="normal",
        planned_on=timezone.localdate() + datetime.timedelta(days=30),
    )
