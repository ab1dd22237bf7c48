"""督查通报 and 考核结果通报: the figures of the round, and 暗访 kept secret unless published."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.assessment.models import AllowancePolicy, Result
from liangxin.assessment.services import payouts
from liangxin.core.services import ServiceError
from liangxin.documents import layout
from liangxin.documents.services import draft_document
from liangxin.duties.models import Notice, NoticeKind, NoticeStatus
from liangxin.inspections.models import Inspection, InspectionPlan, Rectification
from tests.documents.expected import open_docx

DAY = datetime.date(2026, 11, 29)


def _text(doc) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def plan(world):
    created = timezone.make_aware(datetime.datetime(2026, 10, 1, 9))
    return InspectionPlan.objects.create(
        region=world.county,
        name="2026年第四季度督查",
        seed=7,
        size=2,
        result=[world.ins_a.pk, world.ins_b.pk],
        created_by=world.users.county,
        created_at=created,
    )


def _inspect(world, instructor, kind, day, issues=""):
    return Inspection.objects.create(
        region=world.county,
        kind=kind,
        date=day,
        inspectors="县委社会工作部",
        instructor=instructor,
        organization=world.org_a if instructor == world.ins_a else world.org_b,
        issues=issues,
    )


@pytest.mark.django_db
def test_the_inspection_notice_counts_the_rounds_inspections_and_lists_deadlines(
    world, plan
):
    field = _inspect(
        world, world.ins_a, "field", datetime.date(2026, 10, 12), "手册记录不全"
    )
    Rectification.objects.create(
        inspection=field,
        description="补全十月工作手册",
        owner="张建国",
        due_on=datetime.date(2026, 11, 15),
    )
    _inspect(world, world.ins_b, "open", datetime.date(2026, 10, 20))
    _inspect(world, world.ins_idle, "open", datetime.date(2026, 10, 21), "不在名单")
    _inspect(world, world.ins_a, "field", datetime.date(2026, 9, 1), "计划之前")
    doc = open_docx(
        draft_document(
            user=world.users.county,
            kind="inspection-notice",
            region=world.county,
            plan=plan,
            day=DAY,
        ).data
    )
    text = _text(doc)
    assert doc.paragraphs[0].text == "关于2026年第四季度督查情况的通报"
    assert doc.paragraphs[0].style.name == layout.TITLE
    assert "2026年10月12日至2026年10月20日" in text
    assert "对2名指导员" in text
    assert "共开展检查2次，其中暗访0次；发现问题1次" in text
    assert "补全十月工作手册" in text and "2026年11月15日" in text
    assert "不在名单" not in text and "计划之前" not in text
    assert "通报表扬：无" in text


@pytest.mark.django_db
def test_covert_findings_stay_secret_until_the_county_publishes_a_notice(world, plan):
    covert = _inspect(
        world, world.ins_b, "covert", datetime.date(2026, 10, 15), "暗访时不在岗"
    )
    Rectification.objects.create(
        inspection=covert,
        description="说明暗访时去向",
        owner="李秀英",
        due_on=datetime.date(2026, 11, 1),
    )

    def notice_text():
        return _text(
            open_docx(
                draft_document(
                    user=world.users.county,
                    kind="inspection-notice",
                    region=world.county,
                    plan=plan,
                    day=DAY,
                ).data
            )
        )

    text = notice_text()
    assert "其中暗访1次" in text
    assert "暗访时不在岗" not in text
    assert "说明暗访时去向" not in text
    assert "李秀英" not in text
    notice = Notice.objects.create(
        region=world.county,
        kind=NoticeKind.CRITICISM,
        title="关于李秀英同志到岗不足的通报",
        body="经暗访发现……",
        status=NoticeStatus.PUBLISHED,
        published_at=timezone.make_aware(datetime.datetime(2026, 10, 25, 9)),
    )
    notice.instructors.add(world.ins_b)
    text = notice_text()
    assert "通报批评：李秀英" in text
    assert "暗访时不在岗" in text
    assert "说明暗访时去向" in text


@pytest.mark.django_db
def test_the_assessment_notice_gives_grades_the_excellent_list_and_allowance_by_unit(
    world, published
):
    policy = AllowancePolicy.objects.create(
        region=world.county,
        year=2025,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("266.67"),
    )
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年补贴",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        rnd=published,
    )
    doc = open_docx(
        draft_document(
            user=world.users.county,
            kind="assessment-notice",
            region=world.county,
            rnd=published,
            day=DAY,
        ).data
    )
    text = _text(doc)
    results = list(Result.objects.filter(round=published).select_related("instructor"))
    excellent = [
        r.instructor.name
        for r in sorted(results, key=lambda r: (r.rank or 0, r.instructor.name))
        if r.grade == "excellent"
    ]
    assert f"参加考核{len(results)}名" in text
    assert f"评定优秀{len(excellent)}名" in text
    if excellent:
        assert "、".join(excellent) in text
    lines = list(sheet.lines.select_related("instructor__unit"))
    total = sum(line.amount for line in lines)
    assert f"补贴共计{total:.2f}元" in text
    units = {}
    for line in lines:
        units[line.instructor.unit.name] = (
            units.get(line.instructor.unit.name, Decimal(0)) + line.amount
        )
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "派出单位")
    rows = {r.cells[0].text: r.cells[2].text for r in table.rows[1:]}
    for unit, amount in units.items():
        assert rows[unit] == f"{amount:.2f}"
    assert rows["合计"] == f"{total:.2f}"
    assert len(doc.inline_shapes) == 1  # the grade chart


@pytest.mark.django_db
def test_a_round_that_is_not_published_cannot_be_announced(world, scoring_round):
    with pytest.raises(ServiceError, match="已公布"):
        draft_document(
            user=world.users.county,
            kind="assessment-notice",
            region=world.county,
            rnd=scoring_round,
        )


@pytest.mark.django_db
def test_a_round_without_allowances_says_so_in_a_highlighted_placeholder(
    world, published
):
    doc = open_docx(
        draft_document(
            user=None, kind="assessment-notice", region=world.county, rnd=published
        ).data
    )
    text = _text(doc)
    assert "【待补充：补贴总额】" in text
    assert "【待补充：表格：补贴汇总（暂无数据）】" in text
