"""Issue 10 item 10 and issue 11 item 1: the §5 "明查暗访 −1 per absence" is seeded, and no
number the inspected side sees includes a 暗访 until the county publishes its finding; the
instructor then sees "督查发现缺岗（日期）" without kind, inspectors or notes."""

import datetime

import pytest

from liangxin.assessment.models import Score
from liangxin.assessment.services import rounds as round_services
from liangxin.core import indicators
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.inspections import services as inspection_services
from liangxin.inspections.models import Inspection, Kind, Rating
from tests.assessment.conftest import fill_manual

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _absence(world, kind, day):
    return inspection_services.record_inspection(
        user=world.users.nonpublic,
        inspection=Inspection(
            kind=kind,
            date=day,
            inspectors="王检查、刘督导",
            instructor=world.ins_a,
            organization=world.org_a,
            on_duty=Rating.POOR,
            issues="门卫称一周未见",
        ),
        private_note="内部备注：疑似长期脱岗",
    )


def test_the_default_scheme_deducts_one_point_per_absence_found(scheme):
    item = scheme.indicators.get(indicator_name="inspections.absences_found")
    assert item.dimension.code == "qin"
    assert item.rule_kind == "deduction" and item.per_occurrence == 1
    assert item.max_points == 0 and item.floor < 0


def test_an_unpublished_covert_absence_is_in_no_number_the_instructor_sees(world):
    _absence(world, Kind.COVERT, datetime.date(2025, 5, 6))
    values = indicators.compute("inspections.absences_found", [world.ins_a.pk], *YEAR)
    assert values[world.ins_a.pk] == 0


def test_only_the_county_publishes_a_covert_finding_and_it_is_audited(world):
    check = _absence(world, Kind.COVERT, datetime.date(2025, 5, 6))
    with pytest.raises(ServiceError, match="只有县级管理员"):
        inspection_services.publish_finding(
            user=world.users.nonpublic, inspection=check
        )
    inspection_services.publish_finding(user=world.users.county, inspection=check)
    values = indicators.compute("inspections.absences_found", [world.ins_a.pk], *YEAR)
    assert values[world.ins_a.pk] == 1
    assert AuditLog.objects.filter(note="公布暗访缺岗结论").count() == 1


def test_the_instructor_sees_the_finding_by_date_only(world, login, scheme, draft):
    covert = _absence(world, Kind.COVERT, datetime.date(2025, 5, 6))
    _absence(world, Kind.COVERT, datetime.date(2025, 6, 9))  # never published
    _absence(world, Kind.OPEN, datetime.date(2025, 7, 1))
    inspection_services.publish_finding(user=world.users.county, inspection=covert)
    rnd = round_services.start_scoring(user=world.users.county, rnd=draft)
    fill_manual(rnd, world.users.county)
    round_services.submit_for_review(user=world.users.county, rnd=rnd)
    round_services.publish_round(user=world.users.county, rnd=rnd)
    score = Score.objects.get(
        round=rnd,
        instructor=world.ins_a,
        indicator__indicator_name="inspections.absences_found",
    )
    assert score.value == 2 and score.points == -2
    result = rnd.results.get(instructor=world.ins_a)
    page = login(world.users.instructor).get(result.get_absolute_url()).content.decode()
    assert "督查发现缺岗（2025-05-06）" in page
    assert "督查发现缺岗（2025-07-01）" in page
    assert "2025-06-09" not in page
    # the scheme's rule may name 明查暗访; the findings never say which kind they were
    assert score.evidence["details"] == [
        "督查发现缺岗（2025-05-06）",
        "督查发现缺岗（2025-07-01）",
    ]
    for secret in ("王检查", "刘督导", "门卫称一周未见", "内部备注"):
        assert secret not in page
    unit_page = login(world.users.unit).get(result.get_absolute_url()).content.decode()
    assert "督查发现缺岗（2025-05-06）" in unit_page and "王检查" not in unit_page
