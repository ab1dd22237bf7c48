import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.fieldwork.models import Activity, RecordedVia, Visit
from liangxin.handbook.models import HandbookEntry, Problem, Section, WorkPlan
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
def make_visit():
    def _make(assignment, date, organization=None):
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
        )

    return _make


@pytest.fixture
def make_entry():
    """An entry stored directly (bypassing the rules), for lists, scope and the PDF."""

    def _make(
        assignment,
        date=None,
        section=Section.WORK,
        title="走访企业",
        content="了解情况",
    ):
        return HandbookEntry.objects.create(
            region_id=assignment.organization.region_id,
            instructor=assignment.instructor,
            organization=assignment.organization,
            section=section,
            date=date or days_ago(1),
            title=title,
            content=content,
        )

    return _make


@pytest.fixture
def make_problem():
    def _make(assignment, raised_on=None, status="open", **extra):
        if status == "referred":
            extra.setdefault("referred_to", "县信访局")
        return Problem.objects.create(
            region_id=assignment.organization.region_id,
            instructor=assignment.instructor,
            organization=assignment.organization,
            raised_by_kind="employee",
            category="labour",
            description=extra.pop("description", "工资发放不及时"),
            raised_on=raised_on or days_ago(1),
            status=status,
            **extra,
        )

    return _make


@pytest.fixture
def make_plan():
    def _make(assignment, year=None):
        return WorkPlan.objects.create(
            region_id=assignment.organization.region_id,
            instructor=assignment.instructor,
            organization=assignment.organization,
            year=year or timezone.localdate().year,
            goals="推动党组织规范化建设",
            measures="每月开展一次主题党日",
        )

    return _make


@pytest.fixture
def records(world, make_entry, make_problem, make_plan):
    """One entry, problem and plan for each of the two committees' instructors."""
    return {
        "a": {
            "entry": make_entry(world.asg_a),
            "problem": make_problem(world.asg_a),
            "plan": make_plan(world.asg_a),
        },
        "b": {
            "entry": make_entry(world.asg_b),
            "problem": make_problem(world.asg_b),
            "plan": make_plan(world.asg_b),
        },
    }
