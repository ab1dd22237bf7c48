"""Appeals through the API: the instructor files within the window, the county answers."""

import datetime

from django.utils import timezone

from liangxin.assessment.models import Appeal, AppealStatus, Result


def _own(world, rnd):
    return Result.objects.get(round=rnd, instructor=world.ins_a)


def test_the_instructor_appeals_their_own_result_through_the_api(world, api, published):
    result = _own(world, published)
    response = api(world.users.instructor).post(
        f"/api/assessment-results/{result.pk}/appeal/",
        {"reason": "到岗记录漏录"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "open"
    detail = (
        api(world.users.instructor).get(f"/api/assessment-results/{result.pk}/").json()
    )
    assert detail["appeals"][0]["reason"] == "到岗记录漏录"


def test_an_appeal_without_a_reason_is_refused_in_chinese(world, api, published):
    result = _own(world, published)
    response = api(world.users.instructor).post(
        f"/api/assessment-results/{result.pk}/appeal/", {"reason": " "}, format="json"
    )
    assert response.status_code == 400 and "申诉理由" in str(response.json())
    assert not Appeal.objects.exists()


def test_an_appeal_after_the_window_is_refused_in_chinese(world, api, published):
    published.published_at = timezone.now() - datetime.timedelta(days=30)
    published.save()
    result = _own(world, published)
    response = api(world.users.instructor).post(
        f"/api/assessment-results/{result.pk}/appeal/",
        {"reason": "漏计"},
        format="json",
    )
    assert response.status_code == 400 and "申诉期已于" in str(response.json())
    assert not Appeal.objects.exists()


def test_an_appeal_before_publication_is_not_possible(world, api, review_round):
    result = _own(world, review_round)
    response = api(world.users.instructor).post(
        f"/api/assessment-results/{result.pk}/appeal/",
        {"reason": "漏计"},
        format="json",
    )
    assert (
        response.status_code == 404
    )  # unpublished results are not visible to the instructor


def test_only_the_assessed_instructor_may_appeal(world, api, published):
    result = _own(world, published)
    other = Result.objects.get(round=published, instructor=world.ins_b)
    instructor = api(world.users.instructor)
    assert (
        instructor.post(
            f"/api/assessment-results/{other.pk}/appeal/",
            {"reason": "x"},
            format="json",
        ).status_code
        == 404
    )
    for persona in ("county", "unit", "contact"):
        response = api(getattr(world.users, persona)).post(
            f"/api/assessment-results/{result.pk}/appeal/",
            {"reason": "x"},
            format="json",
        )
        assert response.status_code == 403, persona
    assert not Appeal.objects.exists()


def test_the_county_answers_an_appeal_through_the_api(world, api, published):
    result = _own(world, published)
    appeal_id = (
        api(world.users.instructor)
        .post(
            f"/api/assessment-results/{result.pk}/appeal/",
            {"reason": "漏计"},
            format="json",
        )
        .json()["id"]
    )
    url = f"/api/assessment-results/{result.pk}/appeals/{appeal_id}/answer/"
    response = api(world.users.county).post(url, {"upheld": True}, format="json")
    assert response.status_code == 400 and "处理意见" in str(response.json())
    assert (
        api(world.users.instructor)
        .post(url, {"upheld": True, "response": "自己批"}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.users.far_county)
        .post(url, {"upheld": True, "response": "外县"}, format="json")
        .status_code
        == 404
    )
    response = api(world.users.county).post(
        url, {"upheld": False, "response": "经核实无误"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert Appeal.objects.get(pk=appeal_id).status == AppealStatus.REJECTED
    again = api(world.users.county).post(
        url, {"upheld": True, "response": "再改"}, format="json"
    )
    assert again.status_code == 400 and "已处理" in str(again.json())
