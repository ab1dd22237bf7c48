import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from tests.factories import api_token


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


@pytest.fixture
def make_visit():
    """A visit stored directly (bypassing the rules), for counting and permission tests."""

    def _make(assignment, date, status=VisitStatus.PENDING, organization=None):
        organization = organization or assignment.organization
        return Visit.objects.create(
            region_id=organization.region_id,
            instructor=assignment.instructor,
            organization=organization,
            assignment=assignment,
            date=date,
            activities=[Activity.RESEARCH],
            recorded_via=RecordedVia.ON_SITE,
            recorded_at=timezone.now(),
            status=status,
        )

    return _make


@pytest.fixture
def checkin(world, today):
    """Valid check-in values for users.instructor at org_a today."""
    return {
        "organization": world.org_a,
        "date": today,
        "activities": [Activity.RESEARCH, Activity.GUIDANCE],
        "summary": "了解企业党建情况",
    }


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)
