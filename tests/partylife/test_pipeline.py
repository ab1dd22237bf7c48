import datetime

import pytest

from liangxin.core.services import ServiceError
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import (
    Candidate,
    CandidateStatus,
    PipelineStep,
    StepRecord,
)
from liangxin.partylife.services import pipeline as pipeline_services
from tests.partylife.conftest import d


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


def _plan(candidate, today):
    records = list(candidate.steps.all())
    ruleset = comp.candidate_ruleset(records, candidate.region_id, d(today))
    steps = comp.steps_by_ruleset([ruleset.pk])[ruleset.pk]
    return {
        v.rule.number: v for v in comp.candidate_plan(ruleset, steps, records, d(today))
    }


def test_a_publicity_across_national_day_ends_on_the_right_working_day(world, rules):
    rule = PipelineStep.objects.get(ruleset=rules, number=7)
    end, provisional = comp.publicity_end(rule, rules, d("2025-09-26"))
    assert end == d("2025-10-09") and not provisional


def test_a_2026_national_day_publicity_uses_the_2026_calendar(world, rules):
    rule = PipelineStep.objects.get(ruleset=rules, number=7)
    # 2026: 10-01..10-07 off, Saturday 10-10 is a 补班 working day:
    # 09-29, 09-30, 10-08, 10-09, 10-10
    end, provisional = comp.publicity_end(rule, rules, d("2026-09-29"))
    assert (end, provisional) == (d("2026-10-10"), False)


def test_a_2027_publicity_is_provisional_not_a_crash(world, rules):
    rule = PipelineStep.objects.get(ruleset=rules, number=7)
    end, provisional = comp.publicity_end(rule, rules, d("2027-09-27"))
    assert provisional and end == d("2027-10-01")


def test_the_publicity_count_start_is_a_rule_set_setting(world, rules):
    rules.publicity_count_start = False
    rules.save()
    rule = PipelineStep.objects.get(ruleset=rules, number=7)
    assert comp.publicity_end(rule, rules, d("2025-09-26"))[0] == d("2025-10-10")


def test_the_candidate_page_shows_the_publicity_end(world, candidate, login):
    _record(
        candidate,
        world.users.contact,
        [
            (1, "2024-03-01"),
            (2, "2024-03-20"),
            (3, "2024-07-01", "2024-06-20"),
            (4, "2024-07-05"),
            (5, "2024-07-05"),
            (6, "2025-01-05"),
            (7, "2025-10-10", "2025-09-26"),
        ],
    )
    plan = _plan(candidate, "2025-10-11")
    assert plan[7].publicity_end == d("2025-10-09") and not plan[7].warnings
    body = login(world.users.contact).get(candidate.get_absolute_url()).content.decode()
    assert "2025-10-09" in body


def test_a_development_target_needs_a_year_as_activist(world, candidate):
    _record(
        candidate,
        world.users.instructor,
        [
            (1, "2024-03-01"),
            (2, "2024-03-20"),
            (3, "2024-07-01", "2024-06-20"),
            (4, "2024-07-05"),
            (5, "2024-07-05"),
            (6, "2025-01-05"),
            (7, "2025-05-10", "2025-04-28"),
        ],
    )
    plan = _plan(candidate, "2025-05-11")
    assert plan[7].earliest == d("2025-07-01")
    assert any("早于最早日期" in w for w in plan[7].warnings)


def test_the_talk_after_an_application_is_due_within_a_month(world, candidate):
    _record(candidate, world.users.contact, [(1, "2026-10-01")])
    plan = _plan(candidate, "2026-10-25")
    assert plan[2].is_next and plan[2].latest == d("2026-11-01")
    assert any("临近时限" in w for w in plan[2].warnings)
    assert any("已超过时限" in w for w in _plan(candidate, "2026-11-02")[2].warnings)


def test_steps_are_entered_in_order(world, candidate):
    with pytest.raises(ServiceError, match="下一步是第 1 步"):
        pipeline_services.record_step(
            user=world.users.contact,
            candidate=candidate,
            number=2,
            date=d("2026-01-01"),
        )


def test_a_step_cannot_predate_the_step_it_is_timed_from(world, candidate):
    _record(candidate, world.users.contact, [(1, "2026-03-01")])
    with pytest.raises(ServiceError, match="不能早于第 1 步"):
        pipeline_services.record_step(
            user=world.users.contact,
            candidate=candidate,
            number=2,
            date=d("2026-02-01"),
        )


def test_publicity_is_only_for_steps_that_have_one(world, candidate):
    with pytest.raises(ServiceError, match="无需公示"):
        pipeline_services.record_step(
            user=world.users.contact,
            candidate=candidate,
            number=1,
            date=d("2026-02-01"),
            publicity_started_on=d("2026-01-20"),
        )


def test_the_last_step_admits_the_candidate(world, candidate):
    StepRecord.objects.bulk_create(
        [
            StepRecord(candidate=candidate, number=n, date=d("2024-01-01"))
            for n in range(1, 25)
        ]
    )
    candidate.current_step = 24
    candidate.save()
    _record(candidate, world.users.contact, [(25, "2026-01-10")])
    assert candidate.status == CandidateStatus.ADMITTED


def test_outsiders_cannot_enter_steps(world, candidate):
    with pytest.raises(ServiceError):
        pipeline_services.record_step(
            user=world.users.social, candidate=candidate, number=1, date=d("2026-01-01")
        )


def test_a_stopped_candidate_takes_no_more_steps(world, candidate):
    pipeline_services.stop_candidate(
        user=world.users.contact, candidate=candidate, reason="本人撤回申请"
    )
    with pytest.raises(ServiceError, match="不在培养中"):
        pipeline_services.record_step(
            user=world.users.contact,
            candidate=candidate,
            number=1,
            date=d("2026-01-01"),
        )
