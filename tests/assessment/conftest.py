import datetime

import pytest
from rest_framework.test import APIClient

from liangxin.assessment.models import IndicatorKind
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scheme_setup as setup_services
from liangxin.assessment.services import scores as score_services
from tests.factories import api_token


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


@pytest.fixture
def scheme(world):
    return setup_services.seed_default_scheme(
        user=world.users.county, region=world.county, year=2025
    )


@pytest.fixture
def draft(world, scheme):
    return round_services.create_round(
        user=world.users.county,
        scheme=scheme,
        name="2025年度考核",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )


@pytest.fixture
def scoring_round(world, draft):
    return round_services.start_scoring(user=world.users.county, rnd=draft)


def fill_manual(rnd, user, points_for=None):
    """Enter every manual score of the round (full marks unless `points_for(instructor_id)`)."""
    for item in rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL):
        for result in rnd.results.select_related("instructor"):
            points = (
                item.max_points
                if points_for is None
                else points_for(result.instructor_id, item)
            )
            if points is None:
                continue
            score_services.enter_score(
                user=user,
                rnd=rnd,
                instructor=result.instructor,
                item=item,
                points=points,
                justification="日常考核记录",
            )


@pytest.fixture
def review_round(world, scoring_round):
    fill_manual(scoring_round, world.users.county)
    return round_services.submit_for_review(user=world.users.county, rnd=scoring_round)


@pytest.fixture
def published(world, review_round):
    return round_services.publish_round(user=world.users.county, rnd=review_round)
