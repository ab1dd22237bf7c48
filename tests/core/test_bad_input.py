"""Bad input is a 400/404 with a Chinese message, never a 500 (issue 11, items 6 and 10).

The fixes are in the shared layer: the router's id pattern, YearFilter, optional_int, the
hardened forms and serializers (core.forms.harden_fields, api.base.SafeSerializer), and the
error handler / middleware for numbers beyond 64 bits."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from liangxin.assessment.models import Round
from liangxin.assessment.services import scheme_setup as setup_services
from liangxin.duties.models import TrainingEvent

HUGE = "9" * 30


@pytest.fixture
def county_api(world):
    client = APIClient()
    client.force_authenticate(world.users.county)
    return client


@pytest.fixture
def training(world):
    return TrainingEvent.objects.create(
        region=world.county,
        title="党务知识培训班",
        kind="class",
        date=timezone.localdate(),
        hours=4,
        organizer=world.users.county,
    )


LISTS_WITH_YEAR = [
    "trainings",
    "reports",
    "year-end-reviews",
    "handbook-entries",
    "work-plans",
    "inspections",
    "meetings",
    "service-activities",
    "assessment-schemes",
]


@pytest.mark.parametrize("year", ["0", "-1", "10000", HUGE, "abc"])
@pytest.mark.parametrize("resource", LISTS_WITH_YEAR)
def test_an_impossible_year_on_a_list_is_a_400_in_chinese(county_api, resource, year):
    response = county_api.get(f"/api/{resource}/", {"year": year})
    assert response.status_code == 400, (resource, response.content[:200])
    assert "年" in " ".join(response.json()["year"])


def test_the_page_lists_refuse_an_impossible_year_without_crashing(world, login):
    client = login(world.users.county)
    for url in ("/duties/trainings/", "/duties/trainings/hours/"):
        for year in ("0", "10000", HUGE):
            assert client.get(url, {"year": year}).status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/trainings/abc/enrol/",
        "/api/trainings/abc/",
        "/api/visits/abc/confirm/",
        f"/api/trainings/{HUGE}/",
        f"/api/assessment-rounds/{HUGE}/start/",
    ],
)
def test_a_non_numeric_or_huge_id_in_an_api_path_is_a_404(county_api, path):
    assert county_api.post(path, {}, format="json").status_code == 404


def test_integers_beyond_64_bits_in_filters_and_bodies_are_a_400(
    world, county_api, training
):
    # SQLite cannot bind it (400 from the error handler); PostgreSQL compares it and finds
    # nothing: either way a clear answer, never a 500
    listing = county_api.get("/api/visits/", {"organization": HUGE})
    assert listing.status_code in (200, 400)
    if listing.status_code == 200:
        assert listing.json()["count"] == 0
    response = county_api.post(
        f"/api/trainings/{training.pk}/enrol/",
        {"instructors": [int(HUGE)]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()


def test_an_object_where_a_date_is_expected_is_a_400(county_api):
    response = county_api.post(
        "/api/trainings/",
        {"title": "培训", "kind": "class", "date": {"a": 1}, "hours": "2"},
        format="json",
    )
    assert response.status_code == 400
    assert "date" in response.json()


def test_a_non_numeric_veto_item_on_the_round_page_is_a_message(world, login):
    scheme = setup_services.seed_default_scheme(
        user=world.users.county, region=world.county, year=2025
    )
    rnd = Round.objects.create(
        region=world.county,
        scheme=scheme,
        name="2025年度考核",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    client = login(world.users.county)
    for item in ("abc", HUGE):
        response = client.post(
            f"/assessment/rounds/{rnd.pk}/veto/",
            {"instructor": world.ins_a.pk, "item": item},
            follow=True,
        )
        assert response.status_code == 200
        assert "请选择否决事项" in response.content.decode()


def test_an_absurd_round_period_is_refused_on_the_page_and_the_api(
    world, login, county_api
):
    scheme = setup_services.seed_default_scheme(
        user=world.users.county, region=world.county, year=2025
    )
    values = {
        "scheme": scheme.pk,
        "name": "荒唐的考核",
        "period_start": "0001-01-01",
        "period_end": "9999-12-31",
        "appeal_days": 7,
    }
    page = login(world.users.county).post("/assessment/rounds/new/", values)
    assert page.status_code == 200
    assert "日期超出合理范围" in page.content.decode()
    api = county_api.post("/api/assessment-rounds/", values, format="json")
    assert api.status_code == 400
    assert "日期超出合理范围" in str(api.json())
    assert not Round.objects.exists()


def test_a_huge_number_in_a_page_url_is_not_a_server_error(world, login):
    client = login(world.users.county)
    assert client.get(f"/duties/trainings/{HUGE}/").status_code in (400, 404)


@pytest.mark.parametrize("value", [["2026-01-01"], {"y": 2026}, 20260101])
def test_a_list_or_object_where_a_form_expects_one_value_is_a_400(county_api, value):
    """Found by the fuzzer: the form-backed API writes passed JSON lists to date fields."""
    response = county_api.post("/api/inspections/", {"date": value}, format="json")
    assert response.status_code == 400
    assert "格式无效" in " ".join(response.json()["date"])
