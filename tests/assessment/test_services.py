import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.assessment.models import (
    Dimension,
    Grade,
    IndicatorKind,
    Result,
    RoundStatus,
    SchemeIndicator,
    Score,
    ScoreRevision,
    VetoItem,
)
from liangxin.assessment.services import appeals as appeal_services
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scheme_setup as setup_services
from liangxin.assessment.services import scores as score_services
from liangxin.assessment.services import ties as tie_services
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from tests import factories as f
from tests.assessment.conftest import fill_manual


def test_the_default_scheme_has_five_dimensions_summing_to_100(scheme):
    assert sum(d.points for d in scheme.dimensions.all()) == 100
    assert setup_services.scheme_problems(scheme) == []
    computed = set(
        scheme.indicators.filter(kind=IndicatorKind.COMPUTED).values_list(
            "indicator_name", flat=True
        )
    )
    assert computed == {
        "fieldwork.months_short",
        "handbook.entries",
        "handbook.problems_resolved",
        "inspections.absences_found",
    }
    assert scheme.vetoes.count() == 1


def test_dimension_points_not_summing_to_100_are_refused_and_nothing_changes(
    world, scheme
):
    with pytest.raises(ServiceError, match="合计应为 100 分，当前为 105 分"):
        setup_services.set_dimension_points(
            user=world.users.county, scheme=scheme, points={"de": Decimal(20)}
        )
    assert Dimension.objects.get(scheme=scheme, code="de").points == 15


def test_a_scheme_whose_indicators_do_not_fill_a_dimension_is_reported(scheme):
    SchemeIndicator.objects.filter(scheme=scheme, name="参加培训").delete()
    assert any(
        "“勤”维度分值为 25 分，其下指标满分合计为 21 分" in p
        for p in setup_services.scheme_problems(scheme)
    )


def test_an_indicator_naming_an_unregistered_metric_is_refused(world, scheme):
    item = scheme.indicators.get(indicator_name="handbook.entries")
    item.indicator_name = "nowhere.metric"
    with pytest.raises(ServiceError, match="未登记"):
        setup_services.save_indicator(user=world.users.county, item=item)
    assert scheme.indicators.filter(indicator_name="handbook.entries").exists()


def test_starting_a_round_scores_every_active_instructor_on_each_computed_indicator(
    world, draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        rnd = round_services.start_scoring(user=world.users.county, rnd=draft)
    assert rnd.status == RoundStatus.SCORING
    participants = set(rnd.results.values_list("instructor_id", flat=True))
    assert participants == {world.ins_a.pk, world.ins_b.pk, world.ins_idle.pk}
    assert Score.objects.filter(round=rnd).count() == 4 * 3  # incl. 明查暗访


def test_computed_scores_carry_their_evidence(world, scoring_round):
    score = Score.objects.get(
        round=scoring_round,
        instructor=world.ins_a,
        indicator__indicator_name="fieldwork.months_short",
    )
    # no visits at all in 2025: 12 short months, 12 − 2 × 12 floored at 0
    assert score.value == 12 and score.points == 0
    assert (
        score.evidence["label"] == "到岗不足月数"
        and "每个月扣 2 分" in score.evidence["rule"]
    )


def test_scoring_queries_do_not_grow_with_the_number_of_instructors(
    world, scheme, django_assert_max_num_queries
):
    for _ in range(30):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    rnd = round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="大轮次",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    with django_assert_max_num_queries(40):
        round_services.start_scoring(user=world.users.county, rnd=rnd)
    assert rnd.results.count() == 33


def test_confirmed_visits_raise_the_on_site_score(world, scheme):
    for month in range(1, 13):
        for day in range(1, 6):
            Visit.objects.create(
                region_id=world.county.code,
                instructor=world.ins_a,
                organization=world.org_a,
                assignment=world.asg_a,
                date=datetime.date(2025, month, day + 5),
                activities=[Activity.RESEARCH],
                recorded_via=RecordedVia.ON_SITE,
                recorded_at=timezone.now(),
                status=VisitStatus.CONFIRMED,
            )
    rnd = round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="到岗",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    round_services.start_scoring(user=world.users.county, rnd=rnd)
    score = Score.objects.get(
        round=rnd,
        instructor=world.ins_a,
        indicator__indicator_name="fieldwork.months_short",
    )
    assert score.points == 12


def _manual(rnd):
    return rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).first()


def test_a_manual_score_above_the_maximum_is_refused(world, scoring_round):
    item = _manual(scoring_round)
    with pytest.raises(ServiceError, match="不能超过该指标满分 8 分"):
        score_services.enter_score(
            user=world.users.county,
            rnd=scoring_round,
            instructor=world.ins_a,
            item=item,
            points="8.5",
            justification="好",
        )
    assert not Score.objects.filter(indicator=item).exists()


def test_a_manual_score_without_justification_is_refused(world, scoring_round):
    with pytest.raises(ServiceError, match="须填写评分依据"):
        score_services.enter_score(
            user=world.users.county,
            rnd=scoring_round,
            instructor=world.ins_a,
            item=_manual(scoring_round),
            points=6,
            justification="  ",
        )


def test_committee_staff_score_only_their_own_instructors(world, scoring_round):
    with pytest.raises(ServiceError, match="不在您的管辖范围内"):
        score_services.enter_score(
            user=world.users.nonpublic,
            rnd=scoring_round,
            instructor=world.ins_b,
            item=_manual(scoring_round),
            points=6,
            justification="好",
        )
    score_services.enter_score(
        user=world.users.nonpublic,
        rnd=scoring_round,
        instructor=world.ins_a,
        item=_manual(scoring_round),
        points=6,
        justification="好",
    )


def test_review_is_refused_while_manual_scores_are_missing(world, scoring_round):
    with pytest.raises(ServiceError, match="人工评分未录入"):
        round_services.submit_for_review(user=world.users.county, rnd=scoring_round)


def test_publishing_applies_thresholds_and_holds_back_a_complete_tie_at_the_quota(
    world, scheme
):
    for _ in range(7):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    rnd = round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="十人",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    round_services.start_scoring(user=world.users.county, rnd=rnd)
    # everyone full marks on manual items: 100 − 12 (on-site) − 5 (handbook) − 5 (problems) = 78
    # → 称职. Lift all to the 优秀 line by computed points: rescore the computed ones to full.
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
    round_services.submit_for_review(user=world.users.county, rnd=rnd)
    results = list(Result.objects.filter(round=rnd).order_by("rank", "instructor_id"))
    assert len(results) == 10 and all(r.total == 100 for r in results)
    # all tied on every subtotal across the line (2 places for 10): nobody is 优秀 until
    # the county decides, and the round cannot be published before
    assert all(r.tie_pending and r.grade == "" for r in results)
    with pytest.raises(ServiceError, match="完全并列"):
        round_services.publish_round(user=world.users.county, rnd=rnd)
    chosen = [results[3].instructor_id, results[7].instructor_id]
    tie_services.decide_tie(
        user=world.users.county, rnd=rnd, excellent_ids=chosen, note="会议议定"
    )
    round_services.publish_round(user=world.users.county, rnd=rnd)
    results = list(Result.objects.filter(round=rnd).order_by("rank", "instructor_id"))
    excellent = [r.instructor_id for r in results if r.grade == Grade.EXCELLENT]
    assert excellent == chosen  # 20 % of 10, as the county decided
    assert sum(r.over_quota for r in results) == 8
    assert {r.rank for r in results} == {1}


def test_a_veto_makes_the_instructor_unqualified_whatever_the_points(
    world, scoring_round
):
    item = VetoItem.objects.get(scheme=scoring_round.scheme)
    score_services.record_veto(
        user=world.users.county,
        rnd=scoring_round,
        instructor=world.ins_a,
        item=item,
        note="经查实接受宴请",
    )
    fill_manual(scoring_round, world.users.county)
    round_services.submit_for_review(user=world.users.county, rnd=scoring_round)
    round_services.publish_round(user=world.users.county, rnd=scoring_round)
    result = Result.objects.get(round=scoring_round, instructor=world.ins_a)
    assert result.vetoed and result.grade == Grade.UNQUALIFIED


def test_a_rescore_needs_a_reason_and_keeps_the_old_value(world, published):
    score = Score.objects.filter(
        round=published, instructor=world.ins_a, indicator__kind=IndicatorKind.MANUAL
    ).first()
    with pytest.raises(ServiceError, match="须填写调整理由"):
        score_services.rescore(
            user=world.users.county, score=score, points=1, reason=""
        )
    score_services.rescore(
        user=world.users.county, score=score, points=1, reason="申诉复核"
    )
    revision = ScoreRevision.objects.get(score=score)
    assert (
        revision.old_points == score.indicator.max_points and revision.new_points == 1
    )
    assert AuditLog.objects.filter(note__contains="申诉复核").exists()
    result = Result.objects.get(round=published, instructor=world.ins_a)
    assert result.total == Decimal("78") - score.indicator.max_points + 1


def test_an_appeal_is_accepted_within_the_period_and_refused_after(world, published):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    appeal_services.file_appeal(
        user=world.users.instructor, result=result, reason="到岗记录漏录"
    )
    published.published_at = timezone.now() - datetime.timedelta(days=30)
    published.save()
    with pytest.raises(ServiceError, match="申诉期已于"):
        appeal_services.file_appeal(
            user=world.users.instructor, result=result, reason="再次申诉"
        )


def test_every_write_to_a_locked_round_is_refused(world, published):
    round_services.lock_round(user=world.users.county, rnd=published)
    score = Score.objects.filter(round=published).first()
    result = Result.objects.get(round=published, instructor=world.ins_a)
    attempts = [
        lambda: score_services.rescore(
            user=world.users.county, score=score, points=0, reason="改"
        ),
        lambda: score_services.enter_score(
            user=world.users.county,
            rnd=published,
            instructor=world.ins_a,
            item=_manual(published),
            points=1,
            justification="x",
        ),
        lambda: round_services.publish_round(user=world.users.county, rnd=published),
        lambda: round_services.recompute_scores(user=world.users.county, rnd=published),
        lambda: appeal_services.file_appeal(
            user=world.users.instructor, result=result, reason="x"
        ),
        lambda: round_services.lock_round(user=world.users.county, rnd=published),
    ]
    before = list(
        Score.objects.filter(round=published).values_list("points", flat=True)
    )
    for attempt in attempts:
        with pytest.raises(ServiceError, match="已锁定"):
            attempt()
    assert (
        list(Score.objects.filter(round=published).values_list("points", flat=True))
        == before
    )


def test_a_round_cannot_start_on_a_scheme_that_does_not_add_up(world, draft):
    SchemeIndicator.objects.filter(scheme=draft.scheme, name="参加培训").update(
        max_points=Decimal(6)
    )
    with pytest.raises(ServiceError, match="其下指标满分合计为 27 分"):
        round_services.start_scoring(user=world.users.county, rnd=draft)
    assert not Result.objects.filter(round=draft).exists()


def test_an_appeal_is_answered_once_and_a_round_with_open_appeals_cannot_lock(
    world, published
):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    appeal = appeal_services.file_appeal(
        user=world.users.instructor, result=result, reason="漏计"
    )
    with pytest.raises(ServiceError, match="尚有申诉未处理"):
        round_services.lock_round(user=world.users.county, rnd=published)
    with pytest.raises(ServiceError, match="处理意见"):
        appeal_services.answer_appeal(
            user=world.users.county, appeal=appeal, upheld=True, response=""
        )
    appeal_services.answer_appeal(
        user=world.users.county,
        appeal=appeal,
        upheld=False,
        response="经核实，记录无误。",
    )
    with pytest.raises(ServiceError, match="已处理"):
        appeal_services.answer_appeal(
            user=world.users.county, appeal=appeal, upheld=True, response="再议"
        )
    round_services.lock_round(user=world.users.county, rnd=published)


def test_someone_else_cannot_appeal_an_instructors_result(world, published):
    result = Result.objects.get(round=published, instructor=world.ins_b)
    with pytest.raises(ServiceError, match="只能对本人"):
        appeal_services.file_appeal(
            user=world.users.instructor, result=result, reason="x"
        )


def test_unit_liaisons_see_their_own_cadres_results_once_published(world, review_round):
    assert not Result.objects.visible_to(world.users.unit).exists()
    round_services.publish_round(user=world.users.county, rnd=review_round)
    seen = set(
        Result.objects.visible_to(world.users.unit).values_list(
            "instructor_id", flat=True
        )
    )
    assert seen == {world.ins_a.pk, world.ins_idle.pk}
    assert not Result.objects.visible_to(world.users.contact).exists()
