"""The scale seed: one transaction per county, resumable, the same data either way."""

import pytest
from django.db import transaction

from liangxin.demo.builder import DemoBuilder
from liangxin.fieldwork.models import Visit
from liangxin.orgs.models import Organization
from liangxin.roster.models import Instructor
from tests import factories as f

SIZE = {"n_orgs": 12, "n_instructors": 8}


class Interrupted(Exception):
    pass


@pytest.fixture
def counties(db):
    return [
        f.region(code, name)
        for code, name in [
            ("140921", "定襄县"),
            ("140922", "五台县"),
            ("140923", "代县"),
        ]
    ]


def _fingerprint(regions):
    codes = [r.code for r in regions]
    return (
        sorted(
            Organization.objects.filter(region__in=codes).values_list(
                "region_id", "credit_code", "name"
            )
        ),
        sorted(
            Instructor.objects.filter(region__in=codes).values_list(
                "region_id", "name", "phone"
            )
        ),
        sorted(
            Visit.objects.filter(region__in=codes).values_list(
                "region_id", "instructor__name", "organization__credit_code", "date"
            )
        ),
    )


def test_an_interrupted_seed_resumes_to_the_same_data(counties, monkeypatch):
    with transaction.atomic():  # the whole seed in one go, then undone
        DemoBuilder(seed=7).build_counties(counties, **SIZE)
        whole = _fingerprint(counties)
        transaction.set_rollback(True)
    assert not Organization.objects.exists()

    real = DemoBuilder.build_county

    def failing_on_the_second(self, region, **kwargs):
        if region == counties[1]:
            real(self, region, **kwargs)  # written, then the process dies mid-county
            raise Interrupted
        return real(self, region, **kwargs)

    monkeypatch.setattr(DemoBuilder, "build_county", failing_on_the_second)
    with pytest.raises(Interrupted):
        DemoBuilder(seed=7).build_counties(counties, **SIZE)
    # the finished county stays, the interrupted one left nothing behind
    assert Organization.objects.filter(region=counties[0]).count() == 12
    assert not Organization.objects.filter(region__in=counties[1:]).exists()
    assert not Visit.objects.filter(region=counties[1]).exists()

    monkeypatch.setattr(DemoBuilder, "build_county", real)
    DemoBuilder(seed=7).build_counties(counties, **SIZE)  # run again: resumes
    assert _fingerprint(counties) == whole
    assert Visit.objects.filter(region__in=counties).count() == len(whole[2]) > 0
