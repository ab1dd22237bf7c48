import datetime

import pytest
from rest_framework.test import APIClient

from liangxin.inspections import services
from liangxin.inspections.models import Inspection, Kind
from tests.factories import api_token


@pytest.fixture
def api(world):
    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return _api


def _record(world, kind, issues):
    return services.record_inspection(
        user=world.users.nonpublic,
        inspection=Inspection(
            kind=kind,
            date=datetime.date(2026, 10, 15),
            inspectors="王检查、刘督导",
            instructor=world.ins_a,
            organization=world.org_a,
            on_duty="good",
            issues=issues,
            result="基本合格",
        ),
        private_note=f"{issues}的内部备注",
    )


@pytest.fixture
def open_check(world):
    return _record(world, Kind.OPEN, "明查发现台账不全")


@pytest.fixture
def covert(world):
    return _record(world, Kind.COVERT, "暗访发现未在岗")
