from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import (
    MeetingKind,
    MeetingRule,
    PipelineStep,
    RuleSet,
    StepRecord,
)
from tests.partylife.conftest import d


def test_the_2014_rules_are_seeded_for_the_province_and_apply_to_the_county(
    world, rules
):
    assert rules.meeting_rules.count() == 8
    assert rules.pipeline_steps.count() == 25
    assert RuleSet.for_region(world.county.code, d("2026-06-01")) == rules
    assert RuleSet.for_region(world.county.code, d("2010-01-01")) is None


def test_a_county_rule_set_in_force_overrides_the_province_default(world, rules):
    own = RuleSet.objects.create(
        region=world.county,
        name="保德县细则",
        version=2,
        effective_from=d("2026-05-18"),
        request_lead_months=4,
    )
    assert RuleSet.for_region(world.county.code, d("2026-05-17")) == rules
    assert RuleSet.for_region(world.county.code, d("2026-05-18")) == own
    assert RuleSet.for_region(world.other_county.code, d("2026-06-01")) == rules


def test_changing_a_meeting_frequency_row_changes_compliance_without_code(
    world, rules, po, make_meeting
):
    make_meeting(po, d("2026-01-10"))
    today = d("2026-07-01")
    first = comp.compliance([po], 2026, today)[0].results[MeetingKind.COMMITTEE]
    assert [o.met for o in first.obligations[:6]] == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]

    rule = MeetingRule.objects.get(ruleset=rules, kind=MeetingKind.COMMITTEE)
    rule.cadence = "quarterly"
    rule.save()
    second = comp.compliance([po], 2026, today)[0].results[MeetingKind.COMMITTEE]
    assert len(second.obligations) == 4
    assert [o.met for o in second.obligations[:2]] == [True, False]


def test_changing_a_time_rule_row_changes_the_deadline_without_code(world, rules):
    approval = PipelineStep.objects.get(ruleset=rules, number=17)
    records = [StepRecord(number=15, date=d("2026-03-10"))]
    steps = list(PipelineStep.objects.filter(ruleset=rules))
    plan = comp.candidate_plan(rules, steps, records, d("2026-03-11"))
    assert plan[16].latest == d("2026-06-10")

    approval.max_months = 6
    approval.save()
    steps = list(PipelineStep.objects.filter(ruleset=rules))
    plan = comp.candidate_plan(rules, steps, records, d("2026-03-11"))
    assert plan[16].latest == d("2026-09-10")


def test_the_rules_are_editable_in_the_admin(world):
    for model in (RuleSet, MeetingRule, PipelineStep):
        assert model in admin.site._registry
        assert not isinstance(admin.site._registry[model], ReadOnlyAdmin)


def test_the_admin_change_list_edits_a_meeting_rule(world, rules, client):
    from tests import factories as f

    boss = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(boss)
    rule = MeetingRule.objects.get(ruleset=rules, kind=MeetingKind.MEMBERS)
    response = client.get(f"/admin/partylife/meetingrule/{rule.pk}/change/")
    assert response.status_code == 200
    assert b'name="required_count"' in response.content
