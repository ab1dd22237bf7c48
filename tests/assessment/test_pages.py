import pytest
from django.urls import reverse

from liangxin.assessment.models import Dimension, IndicatorKind, Result, Score
from liangxin.assessment.services import rounds as round_services
from tests import factories as f


def _manual(rnd):
    return rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).first()


def test_the_county_creates_the_default_scheme_from_the_page(world, login):
    client = login(world.users.county)
    response = client.post(
        reverse("assessment:scheme_seed"), {"year": 2026, "name": "试行方案"}
    )
    assert response.status_code == 302
    response = client.get(response.url)
    assert (
        "试行方案" in response.content.decode()
        and "同分时依次比较" in response.content.decode()
    )


def test_dimension_points_not_summing_to_100_are_refused_on_the_page(
    world, login, scheme
):
    data = {"de": 20, "neng": 15, "qin": 25, "ji": 35, "lian": 10}
    response = login(world.users.county).post(
        reverse("assessment:scheme_points", args=[scheme.pk]), data, follow=True
    )
    assert "合计应为 100 分，当前为 105 分" in response.content.decode()
    assert Dimension.objects.get(scheme=scheme, code="de").points == 15


@pytest.mark.parametrize(
    "persona,status",
    [
        ("county", 200),
        ("auditor", 200),
        ("nonpublic", 200),
        ("instructor", 404),
        ("contact", 403),
        ("far_county", 404),
    ],
)
def test_the_round_page_answers_each_role(world, login, scoring_round, persona, status):
    response = login(getattr(world.users, persona)).get(
        scoring_round.get_absolute_url()
    )
    assert response.status_code == status


def test_round_actions_need_post(world, login, draft):
    url = reverse("assessment:round_action", args=[draft.pk])
    assert login(world.users.county).get(url).status_code == 405


def test_committee_staff_cannot_move_a_round(world, login, draft):
    response = login(world.users.nonpublic).post(
        reverse("assessment:round_action", args=[draft.pk]), {"action": "start"}
    )
    assert response.status_code == 403


def test_a_score_sheet_refuses_a_score_above_the_maximum_and_one_without_reason(
    world, login, scoring_round
):
    item = _manual(scoring_round)
    url = reverse("assessment:score_sheet", args=[scoring_round.pk, item.pk])
    client = login(world.users.county)
    response = client.post(
        url,
        {
            f"points_{world.ins_a.pk}": "9",
            f"justification_{world.ins_a.pk}": "好",
            f"points_{world.ins_b.pk}": "7",
            f"justification_{world.ins_b.pk}": "",
        },
    )
    text = response.content.decode()
    assert "不能超过该指标满分 8 分" in text and "须填写评分依据" in text
    assert not Score.objects.filter(indicator=item).exists()
    client.post(
        url,
        {
            f"points_{world.ins_a.pk}": "7.5",
            f"justification_{world.ins_a.pk}": "表现良好",
        },
    )
    assert Score.objects.get(indicator=item, instructor=world.ins_a).points == 7.5


def test_committee_staff_see_only_their_instructors_on_the_score_sheet(
    world, login, scoring_round
):
    item = _manual(scoring_round)
    response = login(world.users.nonpublic).get(
        reverse("assessment:score_sheet", args=[scoring_round.pk, item.pk])
    )
    text = response.content.decode()
    assert world.ins_a.name in text and world.ins_b.name not in text


def test_the_instructor_sees_their_own_breakdown_only_once_published(
    world, login, review_round
):
    own = Result.objects.get(round=review_round, instructor=world.ins_a)
    other = Result.objects.get(round=review_round, instructor=world.ins_b)
    client = login(world.users.instructor)
    assert client.get(own.get_absolute_url()).status_code == 404
    round_services.publish_round(user=world.users.county, rnd=review_round)
    response = client.get(own.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "到岗不足月数" in text and "每个月扣 2 分" in text
    )  # evidence of a computed point
    assert client.get(other.get_absolute_url()).status_code == 404
    listing = client.get(reverse("assessment:result_list")).content.decode()
    assert world.ins_a.name in listing and world.ins_b.name not in listing


def test_a_locked_round_refuses_a_rescore_from_the_page_and_changes_nothing(
    world, login, published
):
    round_services.lock_round(user=world.users.county, rnd=published)
    score = Score.objects.filter(round=published, instructor=world.ins_a).first()
    response = login(world.users.county).post(
        reverse("assessment:rescore", args=[score.pk]),
        {"points": "0", "reason": "调整"},
        follow=True,
    )
    assert "该考核已锁定，不能再修改。" in response.content.decode()
    assert Score.objects.get(pk=score.pk).points == score.points


def test_the_instructor_files_an_appeal_from_the_page(world, login, published):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    response = login(world.users.instructor).post(
        reverse("assessment:appeal", args=[result.pk]),
        {"reason": "培训记录漏计"},
        follow=True,
    )
    assert "申诉已提交" in response.content.decode()
    assert result.appeals.count() == 1


def test_the_assessment_form_pdf_is_printed_for_the_own_result(world, login, published):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    response = login(world.users.instructor).get(
        reverse("assessment:result_pdf", args=[result.pk])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_awards_list_groups_by_unit(world, login, published):
    response = login(world.users.county).get(
        reverse("assessment:awards", args=[published.pk])
    )
    assert response.status_code == 200 and "评先评优" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 35])
def test_the_result_list_runs_a_flat_number_of_queries(
    world, login, scheme, rows, django_assert_max_num_queries
):
    import datetime

    for _ in range(rows):
        f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    rnd = round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="批量",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    round_services.start_scoring(user=world.users.county, rnd=rnd)
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessment:result_list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get(reverse("assessment:round_list"))


def test_the_xlsx_export_of_results_is_scoped(world, login, published):
    response = login(world.users.nonpublic).get(
        reverse("assessment:result_list") + "?export=xlsx"
    )
    assert response.status_code == 200


def test_the_county_edits_an_indicator_on_the_page(world, login, scheme):
    item = scheme.indicators.get(indicator_name="fieldwork.months_short")
    url = reverse("assessment:indicator_update", args=[scheme.pk, item.pk])
    assert login(world.users.nonpublic).get(url).status_code == 403
    client = login(world.users.county)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "dimension": item.dimension_id,
            "name": item.name,
            "max_points": "12",
            "kind": "computed",
            "indicator_name": "fieldwork.months_short",
            "rule_kind": "deduction",
            "per_occurrence": "3",
            "floor": "0",
            "order": "0",
            "thresholds": "[]",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.per_occurrence == 3


def test_an_indicator_is_not_edited_once_a_round_has_started(
    world, login, scoring_round
):
    scheme = scoring_round.scheme
    item = scheme.indicators.get(indicator_name="fieldwork.months_short")
    response = login(world.users.county).post(
        reverse("assessment:indicator_update", args=[scheme.pk, item.pk]),
        {
            "dimension": item.dimension_id,
            "name": item.name,
            "max_points": "12",
            "kind": "computed",
            "indicator_name": "fieldwork.months_short",
            "rule_kind": "deduction",
            "per_occurrence": "3",
            "floor": "0",
            "order": "0",
            "thresholds": "[]",
        },
    )
    assert "不能修改" in response.content.decode()
    item.refresh_from_db()
    assert item.per_occurrence == 2


def test_the_veto_form_chooses_the_instructor_by_name(world, login, scoring_round):
    from liangxin.assessment.models import VetoFinding, VetoItem

    client = login(world.users.county)
    html = client.get(scoring_round.get_absolute_url()).content.decode()
    assert "指导员编号" not in html
    assert (
        f'<option value="{world.ins_a.pk}" data-keys="张建国 zhangjianguo zjg">张建国（'
        in html
    )
    assert 'name="instructor" aria-label="指导员" data-search required' in html
    item = VetoItem.objects.filter(scheme=scoring_round.scheme).first()
    url = reverse("assessment:round_veto", args=[scoring_round.pk])
    response = client.post(url, {"instructor": "", "item": item.pk}, follow=True)
    assert "请选择被认定的指导员。" in response.content.decode()
    assert not VetoFinding.objects.filter(round=scoring_round).exists()
    client.post(url, {"instructor": world.ins_a.pk, "item": item.pk, "note": "查实"})
    assert VetoFinding.objects.get(round=scoring_round).instructor == world.ins_a


def test_a_scheme_reads_in_chinese_not_in_indicator_keys(world, login, scheme):
    """The detail names each computed indicator and states its rule in a sentence; the list
    gives the 优秀 quota as a percentage, as the detail does."""
    from liangxin.core import indicators

    client = login(world.users.county)
    body = client.get(scheme.get_absolute_url()).content.decode()
    computed = [i for i in scheme.indicators.all() if i.is_computed]
    assert computed
    for item in computed:
        assert item.indicator_name not in body  # the key, e.g. fieldwork.months_short
        assert indicators.get(item.indicator_name).label in body
    assert "[[" not in body and "系统计算：" in body and "分档计分：≥" in body
    listing = client.get(reverse("assessment:scheme_list")).content.decode()
    quota = f"{float(scheme.excellent_quota) * 100:.4g}%"
    assert f'<td data-label="优秀比例上限">{quota}</td>' in listing
