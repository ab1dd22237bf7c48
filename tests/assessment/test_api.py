from liangxin.assessment.models import IndicatorKind, Result, Score
from liangxin.assessment.services import rounds as round_services


def _manual(rnd):
    return rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).first()


def test_the_api_refuses_a_score_above_the_maximum_with_a_chinese_message(
    world, api, scoring_round
):
    item = _manual(scoring_round)
    response = api(world.users.county).post(
        f"/api/assessment-rounds/{scoring_round.pk}/scores/",
        {
            "instructor": world.ins_a.pk,
            "indicator": item.pk,
            "points": "8.5",
            "justification": "好",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "不能超过该指标满分" in response.json()["points"][0]
    assert not Score.objects.filter(indicator=item).exists()


def test_the_api_refuses_a_manual_score_without_justification(
    world, api, scoring_round
):
    response = api(world.users.county).post(
        f"/api/assessment-rounds/{scoring_round.pk}/scores/",
        {
            "instructor": world.ins_a.pk,
            "indicator": _manual(scoring_round).pk,
            "points": "5",
        },
        format="json",
    )
    assert (
        response.status_code == 400
        and "评分依据" in response.json()["justification"][0]
    )


def test_the_api_refuses_every_change_to_a_locked_round(world, api, published):
    round_services.lock_round(user=world.users.county, rnd=published)
    client = api(world.users.county)
    score = Score.objects.filter(round=published).first()
    response = client.post(
        f"/api/assessment-rounds/{published.pk}/scores/{score.pk}/rescore/",
        {"points": "0", "reason": "调整"},
        format="json",
    )
    assert response.status_code == 400 and "已锁定" in str(response.json())
    response = client.post(f"/api/assessment-rounds/{published.pk}/publish/")
    assert response.status_code == 400 and "已锁定" in str(response.json())
    assert Score.objects.get(pk=score.pk).points == score.points


def test_an_instructor_gets_only_their_own_published_result(world, api, review_round):
    client = api(world.users.instructor)
    assert client.get("/api/assessment-results/").json()["count"] == 0
    round_services.publish_round(user=world.users.county, rnd=review_round)
    data = client.get("/api/assessment-results/").json()
    assert data["count"] == 1 and data["results"][0]["instructor"] == world.ins_a.pk
    own = Result.objects.get(round=review_round, instructor=world.ins_a)
    detail = client.get(f"/api/assessment-results/{own.pk}/").json()
    assert any(s["evidence"] for s in detail["scores"])
    other = Result.objects.get(round=review_round, instructor=world.ins_b)
    assert client.get(f"/api/assessment-results/{other.pk}/").status_code == 404


def test_an_org_contact_is_refused_assessment_results(world, api, published):
    assert api(world.users.contact).get("/api/assessment-results/").status_code == 403


def test_the_county_runs_a_round_through_the_api(world, api, scheme):
    client = api(world.users.county)
    response = client.post(
        "/api/assessment-rounds/",
        {
            "scheme": scheme.pk,
            "name": "接口考核",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert (
        client.post(f"/api/assessment-rounds/{pk}/start/").json()["status"] == "scoring"
    )
    response = client.post(f"/api/assessment-rounds/{pk}/review/")
    assert response.status_code == 400 and "人工评分未录入" in str(response.json())


def test_schemes_are_listed_for_the_county_only(world, api, scheme):
    assert api(world.users.county).get("/api/assessment-schemes/").json()["count"] == 1
    assert (
        api(world.users.far_county).get("/api/assessment-schemes/").json()["count"] == 0
    )
