"""Scoring a round and computing a payout sheet as background jobs (idempotent, notified)."""

import pytest

from liangxin.assessment.services import payouts
from liangxin.assessment.tasks import payout_lines, round_scores
from liangxin.core.models import Notification
from tests.assessment.test_payouts import Q1, policy  # noqa: F401  (fixture)


@pytest.fixture
def sheet(world, policy):  # noqa: F811
    return payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年一季度补贴",
        period_start=Q1[0],
        period_end=Q1[1],
    )


@pytest.fixture
def with_workers(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_scoring_a_round_in_the_background_notifies_the_county(
    world, login, draft, with_workers, django_capture_on_commit_callbacks
):
    client = login(world.users.county)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/assessment/rounds/{draft.pk}/action/", {"action": "start"}
        )
    assert response.status_code == 302 and len(callbacks) == 1
    draft.refresh_from_db()
    assert draft.status == "draft"  # nothing happened yet: the worker has the message

    round_scores.apply(args=(draft.pk, world.users.county.pk, "start"), throw=True)
    round_scores.apply(args=(draft.pk, world.users.county.pk, "start"), throw=True)

    draft.refresh_from_db()
    assert draft.status == "scoring" and draft.results.count() == 3
    titles = list(
        Notification.objects.filter(recipient=world.users.county).values_list(
            "title", flat=True
        )
    )
    assert any(t.startswith("已完成") for t in titles)
    assert any(t.startswith("未完成") for t in titles)  # the duplicate changed nothing


def test_computing_a_payout_sheet_in_the_background_gives_the_same_lines(world, sheet):
    before = sorted(sheet.lines.values_list("instructor_id", "amount"))
    payout_lines.apply(args=(sheet.pk, world.users.county.pk), throw=True)
    payout_lines.apply(args=(sheet.pk, world.users.county.pk), throw=True)
    assert sorted(sheet.lines.values_list("instructor_id", "amount")) == before
    assert Notification.objects.filter(title__startswith="补贴已计算").count() == 2
