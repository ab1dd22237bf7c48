"""Issue 10, item 5 (step 13 of the 25): after the 上级党委预审 comes the 公示, and only when it
has ended is the 志愿书 filled in. Each step's 公示 is modelled on its own side and the order is
checked both ways."""

import datetime

import pytest

from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Candidate, PipelineStep
from liangxin.partylife.services import pipeline as pipeline_services
from tests.partylife.conftest import d

BEFORE_13 = [
    (1, "2023-03-01"),
    (2, "2023-03-20"),
    (3, "2023-07-03", "2023-06-20"),
    (4, "2023-07-05"),
    (5, "2023-07-05"),
    (6, "2024-01-05"),
    (7, "2024-07-15", "2024-07-01"),
    (8, "2024-07-16"),
    (9, "2024-07-16"),
    (10, "2024-08-01"),
    (11, "2024-08-10"),
    (12, "2024-09-02"),
]


@pytest.fixture
def candidate(world, po):
    return Candidate.objects.create(
        region=world.county,
        party_organization=po,
        name="王芳",
        birth_date=datetime.date(1998, 4, 1),
    )


def _record(candidate, user, steps):
    for number, date, *publicity in steps:
        pipeline_services.record_step(
            user=user,
            candidate=candidate,
            number=number,
            date=d(date),
            publicity_started_on=d(publicity[0]) if publicity else None,
        )
        candidate.refresh_from_db()


def _plan(candidate):
    records = list(candidate.steps.all())
    ruleset = comp.candidate_ruleset(records, candidate.region_id, d("2025-01-01"))
    steps = comp.steps_by_ruleset([ruleset.pk])[ruleset.pk]
    plan = comp.candidate_plan(ruleset, steps, records, d("2025-01-01"))
    return {v.rule.number: v for v in plan}


def test_the_seeded_preliminary_review_is_followed_by_its_publicity(rules):
    step = PipelineStep.objects.get(ruleset=rules, number=13)
    assert step.publicity_after and step.publicity_workdays == 5
    assert not PipelineStep.objects.get(ruleset=rules, number=7).publicity_after


def test_a_publicity_after_the_review_then_the_application_form_gives_no_warning(
    world, candidate
):
    # 预审 Mon 2024-09-09; 公示 from Tue 09-10 for 5 working days → 09-18 (中秋 09-16..17)
    _record(
        candidate,
        world.users.contact,
        [*BEFORE_13, (13, "2024-09-09", "2024-09-10"), (14, "2024-09-23")],
    )
    plan = _plan(candidate)
    assert plan[13].warnings == [] and plan[14].warnings == []


def test_an_application_form_filled_in_during_the_publicity_is_warned(world, candidate):
    _record(
        candidate,
        world.users.contact,
        [*BEFORE_13, (13, "2024-09-09", "2024-09-10"), (14, "2024-09-12")],
    )
    plan = _plan(candidate)
    assert plan[13].warnings == []
    assert any("上级党委预审后的公示期至" in w for w in plan[14].warnings)


def test_a_publicity_started_before_the_review_is_warned(world, candidate):
    _record(
        candidate,
        world.users.contact,
        [*BEFORE_13, (13, "2024-09-09", "2024-09-03")],
    )
    assert any(
        "公示应在上级党委预审之后开始" in w for w in _plan(candidate)[13].warnings
    )
