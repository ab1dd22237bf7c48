"""The 工作总结 draft states every figure exactly as the services give it, for the demo county
and for a randomly built one, and says 待补充 where a figure is missing."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db import transaction

from liangxin.core.models import Region
from liangxin.documents import defaults, layout
from liangxin.documents.services import draft_document
from liangxin.fieldwork.models import Visit
from liangxin.inspections.models import Inspection, Rectification
from tests import factories as f
from tests.documents.expected import (
    body_paragraphs,
    expected_paragraphs,
    open_docx,
    summary_figures,
)

DAY = datetime.date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            yield Region.objects.get(code="140931")
            transaction.set_rollback(True)


def _summary(region, period, day=DAY, user=None):
    return draft_document(
        user=user, kind="work-summary", region=region, period=period, day=day
    )


@pytest.mark.django_db
def test_the_demo_countys_2026_summary_states_every_figure_the_services_give(
    demo_county,
):
    doc = open_docx(_summary(demo_county, "2026").data)
    values = summary_figures(
        demo_county, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), DAY
    )
    values.update(
        {
            "地区": "保德县",
            "期间": "2026年",
            "发文机关": "中共保德县委社会工作部",
            "成文日期": "2026年11月29日",
        }
    )
    assert values["指导员人数"] == "22"
    assert body_paragraphs(doc) == expected_paragraphs(defaults.WORK_SUMMARY, values)
    # the monthly table: one row per ended month, each from the compliance service
    monthly = next(t for t in doc.tables if t.rows[0].cells[0].text == "月份")
    assert [r.cells[0].text for r in monthly.rows[1:]] == [
        f"{m}月" for m in range(1, 11)
    ]
    # two charts drawn on the server
    assert len(doc.inline_shapes) == 2


@pytest.mark.django_db
def test_the_demo_countys_half_year_summary_matches_the_services_too(demo_county):
    doc = open_docx(_summary(demo_county, "2026-H1").data)
    values = summary_figures(
        demo_county, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), DAY
    )
    values.update(
        {
            "地区": "保德县",
            "期间": "2026年上半年",
            "发文机关": "中共保德县委社会工作部",
            "成文日期": "2026年11月29日",
        }
    )
    assert body_paragraphs(doc) == expected_paragraphs(defaults.WORK_SUMMARY, values)


def _random_county(seed: int):
    """A small county of random size and activity (河曲县), built with the factories."""
    rng = random.Random(seed)
    county = f.region("140930", "河曲县")
    committee = f.CommitteeFactory(region=county)
    units = [f.UnitFactory(region=county) for _ in range(rng.randint(1, 4))]
    orgs = [
        f.OrganizationFactory(committee=committee) for _ in range(rng.randint(3, 12))
    ]
    instructors = [
        f.InstructorFactory(
            committee=committee,
            unit=rng.choice(units),
            source=rng.choice(["retired_leader", "young_cadre", "full_time_hire"]),
        )
        for _ in range(rng.randint(2, 6))
    ]
    for i, org in enumerate(orgs):
        if rng.random() < 0.8:
            instructor = instructors[i % len(instructors)]
            assignment = f.AssignmentFactory(instructor=instructor, organization=org)
            days = {
                datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28))
                for _ in range(rng.randint(0, 25))
            }
            for day in sorted(days):
                Visit.objects.create(
                    region=county,
                    instructor=instructor,
                    organization=org,
                    assignment=assignment,
                    date=day,
                    recorded_at=datetime.datetime(
                        2026, day.month, day.day, 9, tzinfo=datetime.timezone.utc
                    ),
                    status=rng.choice(["confirmed", "confirmed", "pending"]),
                )
    for _ in range(rng.randint(0, 5)):
        inspection = Inspection.objects.create(
            region=county,
            kind=rng.choice(["field", "phone", "open", "covert", "handbook"]),
            date=datetime.date(2026, rng.randint(1, 11), rng.randint(1, 28)),
            inspectors="县委社会工作部",
            instructor=rng.choice(instructors),
            issues=rng.choice(["", "到岗天数不足"]),
        )
        if inspection.issues:
            Rectification.objects.create(
                inspection=inspection,
                description="补足到岗天数",
                owner=inspection.instructor.name,
                due_on=datetime.date(2026, 12, 31),
                closed_on=rng.choice([None, datetime.date(2026, 11, 20)]),
            )
    return county


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2026", "2026-H1", "2026-H2"])
def test_a_random_countys_summary_states_every_figure_the_services_give(period):
    seed = random.randrange(10**6)
    county = _random_county(seed)
    doc = open_docx(_summary(county, period).data)
    year_start = {"2026": 1, "2026-H1": 1, "2026-H2": 7}[period]
    year_end = {"2026": 12, "2026-H1": 6, "2026-H2": 12}[period]
    values = summary_figures(
        county,
        datetime.date(2026, year_start, 1),
        datetime.date(2026, year_end, 31 if year_end == 12 else 30),
        DAY,
    )
    values.update(
        {
            "地区": "河曲县",
            "期间": {"2026": "2026年", "2026-H1": "2026年上半年"}.get(
                period, "2026年下半年"
            ),
            "发文机关": "中共河曲县委社会工作部",
            "成文日期": "2026年11月29日",
        }
    )
    assert body_paragraphs(doc) == expected_paragraphs(defaults.WORK_SUMMARY, values), (
        f"random county seed {seed}"
    )


@pytest.mark.django_db
def test_a_missing_figure_is_a_highlighted_placeholder_not_invented_text():
    county = f.region("140930", "河曲县")
    doc = open_docx(_summary(county, "2026").data)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "【待补充：到岗达标率】" in text
    assert "【待补充：考核名称】" in text
    assert "【待补充：表格：逐月到岗（暂无数据）】" in text
    missing_runs = [
        run
        for p in doc.paragraphs
        for run in p.runs
        if run.text.startswith("【待补充：")
    ]
    assert missing_runs
    assert all(run.font.highlight_color is not None for run in missing_runs)
    # nothing claims a rate of 0 % or 100 % without a denominator
    assert "0.0%" not in text and "100.0%" not in text


@pytest.mark.django_db
def test_each_paragraph_kind_carries_its_official_style(demo_county):
    doc = open_docx(_summary(demo_county, "2026").data)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == layout.TITLE
    assert styles[-2:] == [layout.SIGNATURE, layout.DATE]
    assert styles.count(layout.HEADING1) == 6
    assert styles.count(layout.HEADING2) == 2
    headings = [p.text for p in doc.paragraphs if p.style.name == layout.HEADING1]
    assert headings[0].startswith("一、") and headings[4].startswith("五、")
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.paragraphs[0].style.name == layout.TABLE_TEXT
