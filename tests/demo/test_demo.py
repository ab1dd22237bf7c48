"""The demo county: loads, is deterministic for a seed, and is idempotent with --if-empty."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from liangxin.core.models import Notification, User
from liangxin.fieldwork.models import Visit
from liangxin.handbook.models import HandbookEntry, Problem
from liangxin.inspections.models import Inspection
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment, Instructor


def _fingerprint() -> str:
    """What the demo produced, without database ids (sequences are not rolled back)."""
    parts = [
        sorted(
            Organization.objects.values_list("credit_code", "name", "formal_members")
        ),
        sorted(Instructor.objects.values_list("name", "unit__name", "phone")),
        sorted(
            Assignment.objects.values_list(
                "instructor__name", "organization__credit_code"
            )
        ),
        sorted(
            Visit.objects.values_list(
                "instructor__name", "organization__credit_code", "date", "status"
            )
        ),
        sorted(
            HandbookEntry.objects.values_list("instructor__name", "date", "section")
        ),
        sorted(Problem.objects.values_list("instructor__name", "raised_on", "status")),
        sorted(
            Inspection.objects.values_list(
                "instructor__name", "date", "kind", "sample_seed"
            )
        ),
        sorted(User.objects.values_list("username", "role")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _seed_and_fingerprint(seed: int) -> str:
    with transaction.atomic():
        call_command("seed_demo", "--seed", str(seed), stdout=io.StringIO())
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


@pytest.mark.django_db
def test_the_demo_county_is_deterministic_for_a_seed():
    assert _seed_and_fingerprint(7) == _seed_and_fingerprint(7)
    assert _seed_and_fingerprint(7) != _seed_and_fingerprint(8)


@pytest.mark.django_db
def test_the_demo_county_has_what_the_accounts_promise():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "完成" in out.getvalue()
    assert Instructor.objects.count() == 22
    assert 150 <= Organization.objects.count() <= 250
    assert Organization.objects.with_coverage().filter(has_instructor=False).exists()
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "county",
        "nonpublic",
        "social",
        "auditor",
        "instructor01",
        "instructor22",
        "contact001",
        "unit01",
    } <= usernames
    assert User.objects.get(username="county").check_password("liangxin-demo")
    assert Visit.objects.count() > 1000
    # the reminder jobs ran once: an instructor's bell shows what they would be told
    instructor = User.objects.get(username="instructor01")
    told = Notification.objects.filter(recipient=instructor)
    assert told.exists() and "已按定时任务发送提醒" in out.getvalue()
    assert told.filter(key__startswith="handbook.problem_overdue:").exists()


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_demo_alone():
    call_command("seed_demo", stdout=io.StringIO())
    before = Organization.objects.count(), Visit.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert (Organization.objects.count(), Visit.objects.count()) == before
