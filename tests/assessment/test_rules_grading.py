"""Issue 10, items 1 and 9: several vetoes, and ties at the 优秀 quota line (from the rules:
the most severe veto decides; ties are broken by the scheme's order of subtotals, and a
complete tie is decided by the county, never by record number)."""

import datetime
from decimal import Decimal

import pytest

from liangxin.assessment.models import (
    Grade,
    IndicatorKind,
    Result,
    Score,
    TieDecision,
    VetoItem,
)
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scores as score_services
from liangxin.assessment.services.scheme_rules import update_rules
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from tests import factories as f
from tests.assessment.conftest import fill_manual


def _full_marks_round(world, scheme, extra=2):
    """A round of 5 instructors (优秀 quota 20 % → 1 place), everyone at 100 points."""
    for _ in range(extra):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    rnd = round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="并列测试",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    round_services.start_scoring(user=world.users.county, rnd=rnd)
    fill_manual(rnd, world.users.county)
    for score in Score.objects.filter(
        round=rnd, indicator__kind=IndicatorKind.COMPUTED
    ):
        score_services.rescore(
            user=world.users.county,
            score=score,
            points=score.indicator.max_points,
            reason="补录数据",
        )
    return rnd


def _lower(world, rnd, instructor_id, dimension, by):
    score = (
        Score.objects.filter(
            round=rnd,
            instructor_id=instructor_id,
            indicator__dimension__code=dimension,
            points__gte=by,
        )
        .select_related("indicator")
        .first()
    )
    score_services.rescore(
        user=world.users.county,
        score=score,
        points=score.points - Decimal(by),
        reason="抽查扣分",
    )


def _ids(rnd):
    return list(
        Result.objects.filter(round=rnd)
        .order_by("instructor_id")
        .values_list("instructor_id", flat=True)
    )


def test_the_most_severe_of_two_vetoes_decides_and_both_are_listed(
    world, scoring_round
):
    severe = VetoItem.objects.get(scheme=scoring_round.scheme)
    assert severe.grade == Grade.UNQUALIFIED
    mild = VetoItem.objects.create(
        scheme=scoring_round.scheme, name="年内受到通报批评", grade=Grade.BASIC
    )
    for item, note in ((severe, "经查实接受宴请"), (mild, "县委通报")):
        score_services.record_veto(
            user=world.users.county,
            rnd=scoring_round,
            instructor=world.ins_a,
            item=item,
            note=note,
        )
    fill_manual(scoring_round, world.users.county)
    round_services.submit_for_review(user=world.users.county, rnd=scoring_round)
    result = Result.objects.get(round=scoring_round, instructor=world.ins_a)
    assert result.grade == Grade.UNQUALIFIED
    assert [v["item"] for v in result.vetoes] == [severe.name, "年内受到通报批评"]


def test_the_result_page_lists_every_veto(world, client, scoring_round):
    mild = VetoItem.objects.create(
        scheme=scoring_round.scheme, name="年内受到通报批评", grade=Grade.BASIC
    )
    for item in (
        VetoItem.objects.get(scheme=scoring_round.scheme, grade="unqualified"),
        mild,
    ):
        score_services.record_veto(
            user=world.users.county,
            rnd=scoring_round,
            instructor=world.ins_a,
            item=item,
            note="查实",
        )
    fill_manual(scoring_round, world.users.county)
    round_services.submit_for_review(user=world.users.county, rnd=scoring_round)
    result = Result.objects.get(round=scoring_round, instructor=world.ins_a)
    client.force_login(world.users.county)
    page = client.get(result.get_absolute_url()).content.decode()
    assert "年内受到通报批评" in page and "按最严重一项认定" in page


def test_a_tie_on_the_total_is_broken_by_the_schemes_order_of_subtotals(world, scheme):
    update_rules(
        user=world.users.county,
        scheme=scheme,
        excellent_min=scheme.excellent_min,
        competent_min=scheme.competent_min,
        basic_min=scheme.basic_min,
        excellent_quota=scheme.excellent_quota,
        tie_break_order="勤、绩、能、德、廉",
    )
    rnd = _full_marks_round(world, scheme)
    first, second, *others = _ids(rnd)
    for pk in others:
        _lower(world, rnd, pk, "ji", 8)
        _lower(world, rnd, pk, "qin", 8)
    _lower(world, rnd, first, "qin", 5)  # 95, weaker 勤
    _lower(world, rnd, second, "ji", 5)  # 95, weaker 绩 but stronger 勤
    round_services.submit_for_review(user=world.users.county, rnd=rnd)
    grades = dict(
        Result.objects.filter(round=rnd).values_list("instructor_id", "grade")
    )
    assert grades[second] == Grade.EXCELLENT
    assert grades[first] == Grade.COMPETENT


def test_a_tie_break_order_must_name_each_dimension_once(world, scheme):
    with pytest.raises(ServiceError, match="五个维度各出现一次"):
        update_rules(
            user=world.users.county,
            scheme=scheme,
            excellent_min=scheme.excellent_min,
            competent_min=scheme.competent_min,
            basic_min=scheme.basic_min,
            excellent_quota=scheme.excellent_quota,
            tie_break_order="绩、绩、能、德、廉",
        )


def test_a_complete_tie_at_the_quota_line_is_not_decided_by_record_number(
    world, scheme
):
    rnd = _full_marks_round(world, scheme)
    first, second, *others = _ids(rnd)
    for pk in others:
        _lower(world, rnd, pk, "ji", 8)
        _lower(world, rnd, pk, "qin", 8)
    round_services.submit_for_review(user=world.users.county, rnd=rnd)
    tied = Result.objects.filter(round=rnd, instructor_id__in=[first, second])
    assert all(r.tie_pending and r.grade == "" for r in tied)
    with pytest.raises(ServiceError, match="完全并列"):
        round_services.publish_round(user=world.users.county, rnd=rnd)
    assert not Result.objects.filter(round=rnd, grade=Grade.EXCELLENT).exists()


def test_the_county_decides_a_complete_tie_on_the_round_page_and_it_is_audited(
    world, client, scheme
):
    rnd = _full_marks_round(world, scheme)
    first, second, *others = _ids(rnd)
    for pk in others:
        _lower(world, rnd, pk, "ji", 8)
        _lower(world, rnd, pk, "qin", 8)
    round_services.submit_for_review(user=world.users.county, rnd=rnd)
    client.force_login(world.users.county)
    page = client.get(rnd.get_absolute_url()).content.decode()
    assert "并列待定" in page and "共享 1 个优秀名额" in page
    response = client.post(
        f"/assessment/rounds/{rnd.pk}/tie/",
        {"excellent": [first, second], "note": "县委常委会议定"},
        follow=True,
    )
    assert "恰好选择 1 人" in response.content.decode()
    assert not TieDecision.objects.exists()
    client.post(
        f"/assessment/rounds/{rnd.pk}/tie/",
        {"excellent": [second], "note": "县委常委会 2026-01-10 议定"},
    )
    round_services.publish_round(user=world.users.county, rnd=rnd)
    grades = dict(
        Result.objects.filter(round=rnd).values_list("instructor_id", "grade")
    )
    assert grades[second] == Grade.EXCELLENT and grades[first] == Grade.COMPETENT
    assert AuditLog.objects.filter(note__startswith="决定并列名次").count() == 1
    assert TieDecision.objects.get(round=rnd, instructor_id=second).by == (
        world.users.county
    )
