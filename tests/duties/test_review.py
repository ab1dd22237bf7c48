"""Year-end duty reports and the anonymous evaluation (年终述职评议)."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from liangxin.core import indicators
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.duties.models import DutyReport, EvaluationRound, Rating, RoundStatus
from liangxin.duties.services import year_end as year_end_services

YEAR = timezone.localdate().year


@pytest.fixture
def evaluators(world):
    """The three evaluators of ins_a, each with a name the instructor must never see."""
    names = {"nonpublic": "钱评委", "contact": "孙联络", "unit": "周派出"}
    for key, name in names.items():
        user = getattr(world.users, key)
        user.display_name = name
        user.save()
    return names


@pytest.fixture
def round_(world):
    return year_end_services.open_round(user=world.users.county, year=YEAR)


@pytest.fixture
def rated(world, round_, evaluators):
    year_end_services.rate(
        user=world.users.nonpublic,
        round_=round_,
        instructor=world.ins_a,
        grade="good",
        comment="工作扎实，评委甲意见",
    )
    year_end_services.rate(
        user=world.users.contact,
        round_=round_,
        instructor=world.ins_a,
        grade="fair",
        comment="到岗较勤",
    )
    year_end_services.rate(
        user=world.users.unit,
        round_=round_,
        instructor=world.ins_a,
        grade="poor",
        comment="材料粗糙",
    )
    return round_


def _closed(world, round_):
    return year_end_services.move_round(
        user=world.users.county, round_=round_, to=RoundStatus.CLOSED
    )


# --- the duty report -------------------------------------------------------------------------


def test_the_instructor_writes_submits_and_resubmits_a_duty_report(world):
    report = year_end_services.start_duty_report(user=world.users.instructor, year=YEAR)
    year_end_services.edit_duty_report(
        user=world.users.instructor, report=report, content="本年到岗 60 天。"
    )
    report = year_end_services.submit_duty_report(
        user=world.users.instructor, report=report
    )
    assert report.status == "submitted"
    with pytest.raises(ServiceError, match="不能改为“已提交”"):
        year_end_services.submit_duty_report(user=world.users.instructor, report=report)
    with pytest.raises(ServiceError, match="不能修改"):
        year_end_services.edit_duty_report(
            user=world.users.instructor, report=report, content="改"
        )
    report = year_end_services.return_duty_report(
        user=world.users.nonpublic, report=report, comment="请补充成效"
    )
    report = year_end_services.submit_duty_report(
        user=world.users.instructor, report=report
    )
    assert [t.to_status for t in report.transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
    ]
    notes = list(
        AuditLog.objects.filter(object_id=str(report.pk)).values_list("note", flat=True)
    )
    assert {"提交年终述职报告", "退回年终述职报告"} <= set(notes)


def test_a_duty_report_is_refused_to_others_and_twice(world):
    report = year_end_services.start_duty_report(user=world.users.instructor, year=YEAR)
    with pytest.raises(ServiceError, match="已存在"):
        year_end_services.start_duty_report(user=world.users.instructor, year=YEAR)
    with pytest.raises(ServiceError, match="只有指导员本人"):
        year_end_services.submit_duty_report(user=world.users.nonpublic, report=report)
    with pytest.raises(ServiceError, match="不能改为“已退回”"):
        year_end_services.return_duty_report(
            user=world.users.nonpublic, report=report, comment="x"
        )
    with pytest.raises(ServiceError, match="只有指导员所属行业党委"):
        year_end_services.return_duty_report(
            user=world.users.social, report=report, comment="x"
        )
    with pytest.raises(ServiceError, match="只有党建工作指导员"):
        year_end_services.start_duty_report(user=world.users.county, year=YEAR)


# --- the round -------------------------------------------------------------------------------


def test_only_a_county_admin_opens_one_round_a_year(world, round_):
    with pytest.raises(ServiceError, match="已发起"):
        year_end_services.open_round(user=world.users.county, year=YEAR)
    with pytest.raises(ServiceError, match="只有县级管理员"):
        year_end_services.open_round(user=world.users.nonpublic, year=YEAR + 1)
    with pytest.raises(ServiceError, match="不能改为“评议中”"):
        year_end_services.move_round(
            user=world.users.county, round_=round_, to=RoundStatus.OPEN
        )
    with pytest.raises(ServiceError, match="只有县级管理员"):
        year_end_services.move_round(
            user=world.users.far_county, round_=round_, to=RoundStatus.CLOSED
        )
    round_ = _closed(world, round_)
    assert [t.to_status for t in round_.transitions.all()] == ["closed"]
    assert AuditLog.objects.filter(note="结束述职评议").exists()


def test_the_three_kinds_of_evaluator_rate_and_the_score_is_the_average(world, rated):
    scores = year_end_services.round_scores([rated.pk])
    assert scores[(rated.pk, world.ins_a.pk)]["score"] == round((100 + 85 + 50) / 3, 1)
    assert scores[(rated.pk, world.ins_a.pk)]["count"] == 3
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    assert (
        indicators.compute(
            "duties.year_end_score", [world.ins_a.pk, world.ins_b.pk], start, end
        )[world.ins_a.pk]
        == 78.3
    )


def test_a_second_rating_by_the_same_evaluator_replaces_the_first(world, rated):
    year_end_services.rate(
        user=world.users.unit, round_=rated, instructor=world.ins_a, grade="good"
    )
    assert Rating.objects.filter(instructor=world.ins_a).count() == 3
    assert (
        year_end_services.round_scores([rated.pk])[(rated.pk, world.ins_a.pk)]["score"]
        == 95.0
    )  # (100 + 85 + 100) / 3


@pytest.mark.parametrize("persona", ["social", "instructor", "county", "auditor"])
def test_who_is_not_an_evaluator_of_the_instructor_cannot_rate(world, round_, persona):
    with pytest.raises(ServiceError, match="您不是该指导员的评议人"):
        year_end_services.rate(
            user=getattr(world.users, persona),
            round_=round_,
            instructor=world.ins_a,
            grade="good",
        )


def test_rating_is_refused_when_closed_poor_without_reason_or_bad_grade(world, round_):
    with pytest.raises(ServiceError, match="请填写评议意见"):
        year_end_services.rate(
            user=world.users.unit, round_=round_, instructor=world.ins_a, grade="poor"
        )
    with pytest.raises(ServiceError, match="请选择评议等次"):
        year_end_services.rate(
            user=world.users.unit, round_=round_, instructor=world.ins_a, grade="A"
        )
    _closed(world, round_)
    round_.refresh_from_db()
    with pytest.raises(ServiceError, match="已结束"):
        year_end_services.rate(
            user=world.users.unit, round_=round_, instructor=world.ins_a, grade="good"
        )


# --- anonymity -------------------------------------------------------------------------------


def _leaks(text: str, world, evaluators) -> set[str]:
    names = set(evaluators.values()) | {
        world.users.nonpublic.username,
        world.users.contact.username,
        world.users.unit.username,
    }
    return {n for n in names if n in text}


def test_evaluators_are_never_visible_to_others_by_queryset(world, rated):
    assert not Rating.objects.visible_to(world.users.instructor).exists()
    assert list(
        Rating.objects.visible_to(world.users.unit).values_list(
            "evaluator_id", flat=True
        )
    ) == [world.users.unit.pk]
    assert Rating.objects.visible_to(world.users.county).count() == 3


def test_the_instructor_sees_the_score_and_comments_but_no_evaluator_on_the_page(
    world, rated, evaluators, login
):
    client = login(world.users.instructor)
    text = client.get(rated.get_absolute_url()).content.decode()
    assert "结果在评议结束后公布" in text and "材料粗糙" not in text
    _closed(world, rated)
    text = client.get(rated.get_absolute_url()).content.decode()
    assert "78.3" in text and "材料粗糙" in text and "到岗较勤" in text
    assert "变更历史" not in text
    assert _leaks(text, world, evaluators) == set()
    for url in (
        "/duties/reviews/",
        "/duties/reviews/?export=xlsx",
        "/worklist/",
        "/inbox/",
        "/duties/duty-reports/?export=xlsx",
    ):
        assert _leaks(_body(client.get(url)), world, evaluators) == set(), url


def _body(response) -> str:
    """The text of a page, or every cell of an xlsx export."""
    if response.status_code != 200:
        return ""
    if not response.streaming:
        return response.content.decode()
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


def test_a_duty_report_page_shows_no_audit_history_to_the_instructor(
    world, rated, login
):
    report = year_end_services.start_duty_report(user=world.users.instructor, year=YEAR)
    text = login(world.users.instructor).get(report.get_absolute_url()).content.decode()
    assert "变更历史" not in text
    county = login(world.users.county).get(rated.get_absolute_url()).content.decode()
    assert (
        "变更历史" in county
    )  # the audit panel is the county's and the auditor's only


def test_an_evaluator_does_not_see_the_others_ratings(world, rated, evaluators, login):
    text = login(world.users.unit).get(rated.get_absolute_url()).content.decode()
    assert "已评：差" in text
    assert "工作扎实" not in text and "到岗较勤" not in text
    assert _leaks(text, world, evaluators) <= {world.users.unit.username, "周派出"}
    text = login(world.users.contact).get(rated.get_absolute_url()).content.decode()
    assert "材料粗糙" not in text and "周派出" not in text and "钱评委" not in text


def test_the_api_never_names_an_evaluator_to_the_instructor(
    world, rated, evaluators, api
):
    _closed(world, rated)
    client = api(world.users.instructor)
    listing = client.get("/api/year-end-reviews/")
    detail = client.get(f"/api/year-end-reviews/{rated.pk}/")
    assert listing.status_code == detail.status_code == 200
    assert detail.json()["results"] == [
        {
            "instructor": world.ins_a.pk,
            "count": 3,
            "score": 78.3,
            "comments": ["到岗较勤", "工作扎实，评委甲意见", "材料粗糙"],
        }
    ]
    for response in (listing, detail):
        assert _leaks(response.content.decode(), world, evaluators) == set()


def test_the_api_rates_for_an_evaluator_and_refuses_the_instructor(world, round_, api):
    url = f"/api/year-end-reviews/{round_.pk}/rate/"
    ok = api(world.users.contact).post(
        url, {"instructor": world.ins_a.pk, "grade": "good"}, format="json"
    )
    assert ok.status_code == 200
    refused = api(world.users.instructor).post(
        url, {"instructor": world.ins_a.pk, "grade": "good"}, format="json"
    )
    assert refused.status_code in (400, 403, 404)
    assert Rating.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["county", "auditor", "nonpublic", "instructor", "unit", "contact"]
)
def test_the_round_is_shown_to_every_role_of_the_region(world, round_, login, persona):
    client = login(getattr(world.users, persona))
    assert client.get("/duties/reviews/").status_code == 200
    assert client.get(round_.get_absolute_url()).status_code == 200


def test_the_round_is_404_to_another_county_and_actions_check_role_and_method(
    world, round_, login
):
    assert (
        login(world.users.far_county).get(round_.get_absolute_url()).status_code == 404
    )
    assert (
        login(world.users.instructor)
        .post("/duties/reviews/open/", {"year": YEAR + 1})
        .status_code
        == 403
    )
    assert (
        login(world.users.nonpublic)
        .post(f"/duties/reviews/{round_.pk}/move/closed/")
        .status_code
        == 403
    )
    assert (
        login(world.users.instructor)
        .post(f"/duties/reviews/{round_.pk}/rate/{world.ins_a.pk}/", {})
        .status_code
        == 403
    )
    assert (
        login(world.users.social)
        .post(f"/duties/reviews/{round_.pk}/rate/{world.ins_a.pk}/", {})
        .status_code
        == 404
    )
    assert (
        login(world.users.unit)
        .get(f"/duties/reviews/{round_.pk}/rate/{world.ins_a.pk}/")
        .status_code
        == 405
    )
    assert login(world.users.county).get("/duties/reviews/open/").status_code == 405


def test_an_evaluator_rates_through_the_page(world, round_, login):
    client = login(world.users.unit)
    response = client.post(
        f"/duties/reviews/{round_.pk}/rate/{world.ins_a.pk}/",
        {f"i{world.ins_a.pk}-grade": "fair", f"i{world.ins_a.pk}-comment": ""},
    )
    assert response.status_code == 302
    assert Rating.objects.get().grade == "fair"


def test_the_county_opens_and_closes_a_round_through_the_pages(world, login):
    client = login(world.users.county)
    client.post("/duties/reviews/open/", {"year": YEAR})
    round_ = EvaluationRound.objects.get()
    client.post(
        f"/duties/reviews/{round_.pk}/move/closed/", {"version": round_.version}
    )
    round_.refresh_from_db()
    assert round_.status == "closed"
    response = client.post(f"/duties/reviews/{round_.pk}/move/closed/", follow=True)
    assert "不能改为“已结束”" in response.content.decode()


def test_the_instructor_writes_a_duty_report_through_the_pages(world, login):
    client = login(world.users.instructor)
    assert client.get("/duties/duty-reports/new/").status_code == 200
    client.post("/duties/duty-reports/new/")
    report = DutyReport.objects.get()
    client.post(
        f"/duties/duty-reports/{report.pk}/save/",
        {"content": "全年履职情况。", "version": report.version, "submit": "1"},
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    assert login(world.users.social).get(report.get_absolute_url()).status_code == 404
    assert login(world.users.contact).get(report.get_absolute_url()).status_code == 403
    assert (
        login(world.users.unit)
        .post(f"/duties/duty-reports/{report.pk}/return/", {"comment": "x"})
        .status_code
        == 403
    )
    assert (
        login(world.users.nonpublic)
        .get(f"/duties/duty-reports/{report.pk}/return/")
        .status_code
        == 405
    )


@pytest.mark.parametrize("rows", [5, 35])
def test_duty_report_and_round_lists_run_flat_query_counts(
    world, login, rows, django_assert_max_num_queries
):
    DutyReport.objects.bulk_create(
        [
            DutyReport(
                region=world.county,
                instructor=world.ins_a,
                year=1990 + n,
                content="述职",
                status="submitted",
            )
            for n in range(rows)
        ]
    )
    EvaluationRound.objects.bulk_create(
        [
            EvaluationRound(
                region=world.county, year=1990 + n, title=f"{1990 + n}年评议"
            )
            for n in range(rows)
        ]
    )
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        assert client.get("/duties/duty-reports/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/duties/reviews/").status_code == 200


def test_ratings_are_audited_on_the_rating_and_only_the_county_reads_them(world, rated):
    entries = AuditLog.objects.filter(note="述职评议评分")
    assert entries.count() == 3
    assert {e.content_type.model for e in entries} == {"rating"}
    for persona in ("instructor", "unit", "contact", "nonpublic"):
        assert not AuditLog.objects.visible_to(getattr(world.users, persona)).exists()
    assert (
        AuditLog.objects.visible_to(world.users.auditor)
        .filter(note="述职评议评分")
        .count()
        == 3
    )
