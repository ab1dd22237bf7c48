"""The yearly handbook PDF: laid out for print, Chinese fonts embedded, scoped, audited."""

import re
import zlib

import pytest

from liangxin.core.models import AuditLog
from liangxin.handbook.models import ResearchNote, Section, WorkPlanProgress
from tests.handbook.conftest import days_ago

CJK_FONT = re.compile(rb"Noto-?S(?:ans|erif)-?CJK")


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams hold the font dictionaries)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"".join(parts)


@pytest.fixture
def full_handbook(world, make_entry, make_problem, make_plan):
    day = days_ago(3)
    make_entry(
        world.asg_a, day, Section.PROFILE, "企业概况", "主营煤炭开采，职工 320 人。"
    )
    for n in range(8):
        make_entry(
            world.asg_a,
            day,
            Section.THOUGHTS,
            f"思想动态{n}",
            "职工关心安全生产。" * 20,
        )
        make_entry(
            world.asg_a,
            day,
            Section.WORK,
            f"工作开展{n}",
            "指导支部开展主题党日。" * 20,
        )
    make_problem(world.asg_a, day, description="通勤班车不足")
    plan = make_plan(world.asg_a, year=day.year)
    WorkPlanProgress.objects.create(plan=plan, date=day, content="完成调研", percent=40)
    ResearchNote.objects.create(
        plan=plan, date=day, topic="职工思想状况", content="走访 20 人"
    )
    make_entry(world.asg_b, day, Section.WORK, "他人的记录", "不应出现")
    return day.year


def test_the_instructor_downloads_a_multi_page_pdf_with_a_chinese_font(
    world, login, full_handbook
):
    response = login(world.users.instructor).get(
        f"/handbook/pdf/{world.ins_a.pk}/{full_handbook}/"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    inflated = _inflated(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", inflated)) >= 4
    assert CJK_FONT.search(inflated)
    log = AuditLog.objects.get(action="export", user=world.users.instructor)
    assert "工作手册" in log.note and log.object_id == str(world.ins_a.pk)


def test_the_pdf_context_holds_only_that_instructors_year(world, full_handbook):
    from liangxin.handbook.views import handbook_context

    ctx = handbook_context(world.users.county, world.ins_a, full_handbook)
    assert [b["organization"] for b in ctx["blocks"]] == [world.org_a]
    block = ctx["blocks"][0]
    assert (len(block["profile"]), len(block["thoughts"]), len(block["work"])) == (
        1,
        8,
        8,
    )
    assert block["plan"] is not None and block["cn_index"] == "一"
    assert handbook_context(world.users.county, world.ins_a, 2001)["blocks"] == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county", 200),
        ("nonpublic", 200),
        ("unit", 200),
        ("auditor", 200),
        ("social", 404),
        ("far_county", 404),
        ("contact", 403),
    ],
)
def test_the_pdf_is_scoped(world, login, persona, status):
    response = login(getattr(world.users, persona)).get(
        f"/handbook/pdf/{world.ins_a.pk}/{days_ago(0).year}/"
    )
    assert response.status_code == status


def test_the_pdf_refuses_a_post(world, login):
    response = login(world.users.instructor).post(
        f"/handbook/pdf/{world.ins_a.pk}/{days_ago(0).year}/"
    )
    assert response.status_code == 405
