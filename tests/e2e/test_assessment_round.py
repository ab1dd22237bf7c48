"""Assessment (issue 6) end to end: the county scores a manual indicator and publishes, the
instructor sees their own breakdown with the evidence on a phone, the payout sheet is exported."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from liangxin.assessment.models import (
    AllowancePolicy,
    IndicatorKind,
    Result,
    RoundStatus,
)
from liangxin.assessment.services import payouts
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scheme_setup as setup_services
from tests.assessment.conftest import fill_manual

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_score_publish_see_breakdown_and_export_payouts(
    live_server, world, desktop, phone, sign_in
):
    county = world.users.county
    scheme = setup_services.seed_default_scheme(
        user=county, region=world.county, year=2025
    )
    rnd = round_services.create_round(
        user=county,
        scheme=scheme,
        name="2025年度考核",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    rnd = round_services.start_scoring(user=county, rnd=rnd)
    sheet_item = rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).first()
    # every other manual indicator was entered beforehand; the county enters the last one here
    fill_manual(
        rnd,
        world.users.county,
        points_for=lambda pk, item: (
            None if item.pk == sheet_item.pk else item.max_points
        ),
    )

    page = sign_in(desktop, "county")
    page.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    page.locator(f"a[href$='/indicators/{sheet_item.pk}/']").click()
    for instructor in (world.ins_a, world.ins_b, world.ins_idle):
        page.get_by_label(f"{instructor.name} 得分").fill("7")
        page.get_by_label(f"{instructor.name} 评分依据").fill("组织评价良好")
    page.get_by_role("button", name="保存评分").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存 3 项评分")
    page.goto(f"{live_server.url}{rnd.get_absolute_url()}")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交审核")
    page.get_by_role("button", name="公布结果").click()
    expect(page.locator(".alert-success")).to_contain_text("考核结果已公布")
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED

    mine = sign_in(phone, "instructor01")
    mine.goto(f"{live_server.url}/assessment/results/")
    mine.get_by_role("link", name=rnd.name).click()
    expect(mine.locator("#total")).to_have_text("77")
    expect(mine.locator(".evidence").first).to_contain_text("到岗不足月数")
    assert mine.evaluate("document.documentElement.scrollWidth") <= 375
    assert world.ins_b.name not in mine.content()

    policy = AllowancePolicy.objects.create(
        region=world.county,
        year=2025,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("100.00"),
    )
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年度补贴",
        period_start=rnd.period_start,
        period_end=rnd.period_end,
        rnd=rnd,
    )
    page.goto(f"{live_server.url}{sheet.get_absolute_url()}")
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    ws = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(ws.iter_rows(values_only=True))
    total = next(r for r in rows if r[0] == "合计")[9]
    assert Decimal(str(total)) == sum(line.amount for line in sheet.lines.all())
    assert Result.objects.get(round=rnd, instructor=world.ins_a).total == 77
