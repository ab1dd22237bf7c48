import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liangxin.assessment.models import (
    AllowancePolicy,
    PayoutLine,
    PayoutSheet,
    PayoutStatus,
)
from liangxin.assessment.services import payouts
from liangxin.core.models import Role
from liangxin.core.services import ServiceError
from tests import factories as f

Q1 = (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


@pytest.fixture
def policy(world):
    return AllowancePolicy.objects.create(
        region=world.county,
        year=2025,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("266.67"),
    )


@pytest.fixture
def second_admin(world):
    return f.UserFactory(
        username="county2", role=Role.COUNTY_ADMIN, region=world.county
    )


@pytest.fixture
def sheet(world, policy):
    return payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年一季度补贴",
        period_start=Q1[0],
        period_end=Q1[1],
    )


def _pay(world, sheet, approver):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=approver, sheet=sheet)
    return payouts.mark_paid(user=world.users.county, sheet=sheet)


def test_amounts_are_exact_decimals_with_the_short_month_deduction(world, sheet):
    line = sheet.lines.get(instructor=world.ins_a)
    # three closed months without a confirmed day: 2400.00 − 3 × 266.67 = 1599.99
    assert line.base == Decimal("2400.00") and line.short_months == 3
    assert line.amount == Decimal("1599.99")
    assert sheet.lines.count() == 3


def test_a_second_sheet_for_the_same_period_is_refused(world, policy, sheet):
    with pytest.raises(ServiceError, match="同一月份只能发放一次"):
        payouts.create_sheet(
            user=world.users.county,
            policy=policy,
            title="重复",
            period_start=Q1[0],
            period_end=Q1[1],
        )
    assert PayoutSheet.objects.count() == 1


def test_the_checker_cannot_also_approve(world, sheet):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    with pytest.raises(ServiceError, match="不能是同一人"):
        payouts.approve_sheet(user=world.users.county, sheet=sheet)


def test_a_paid_period_cannot_be_paid_again(world, sheet, second_admin):
    _pay(world, sheet, second_admin)
    with pytest.raises(ServiceError, match="不能重复发放"):
        payouts.mark_paid(user=world.users.county, sheet=sheet)


def test_recomputing_after_payment_adds_adjustment_lines_only(
    world, policy, sheet, second_admin
):
    _pay(world, sheet, second_admin)
    policy.monthly_amount = Decimal("900.00")
    policy.save()
    added = payouts.recompute(user=world.users.county, sheet=sheet)
    assert added == 2  # ins_idle was never posted: nothing owed, nothing to adjust
    adjustment = sheet.lines.get(instructor=world.ins_a, is_adjustment=True)
    assert adjustment.amount == Decimal("300.00") and not adjustment.paid
    assert PayoutSheet.objects.get(pk=sheet.pk).status == PayoutStatus.PAID
    with pytest.raises(ServiceError, match="不能重复发放。发放后的调整行须按调整批次"):
        payouts.mark_paid(user=world.users.county, sheet=sheet)
    assert PayoutLine.objects.filter(paid=False).count() == 2


def test_the_xlsx_totals_equal_the_sum_of_the_lines(world, login, sheet):
    response = login(world.users.county).get(
        reverse("assessment:payout_export", args=[sheet.pk])
    )
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    lines = [r for r in rows[3:] if isinstance(r[0], int)]
    total_row = next(r for r in rows if r[0] == "合计")
    assert len(lines) == 3
    assert Decimal(str(total_row[9])) == sum(Decimal(str(r[9])) for r in lines)
    assert Decimal(str(total_row[9])) == sum(line.amount for line in sheet.lines.all())
    assert any(r[0] == "制表人：" for r in rows) and any("审批人：" in r for r in rows)


def test_the_api_refuses_a_second_payment_with_a_chinese_message(
    world, api, sheet, second_admin
):
    _pay(world, sheet, second_admin)
    response = api(world.users.county).post(f"/api/payouts/{sheet.pk}/pay/")
    assert response.status_code == 400 and "不能重复发放" in str(response.json())


def test_the_page_refuses_a_second_payment(world, login, sheet, second_admin):
    _pay(world, sheet, second_admin)
    response = login(world.users.county).post(
        reverse("assessment:payout_action", args=[sheet.pk]),
        {"action": "pay"},
        follow=True,
    )
    assert "不能重复发放" in response.content.decode()


@pytest.mark.parametrize(
    "persona,status",
    [
        ("county", 200),
        ("auditor", 200),
        ("nonpublic", 403),
        ("instructor", 403),
        ("unit", 403),
        ("far_county", 404),
    ],
)
def test_payout_sheets_are_seen_by_the_county_only(
    world, login, sheet, persona, status
):
    response = login(getattr(world.users, persona)).get(sheet.get_absolute_url())
    assert response.status_code == status


def test_payouts_are_not_listed_for_instructors_through_the_api(world, api, sheet):
    assert api(world.users.instructor).get("/api/payouts/").status_code == 403
    assert api(world.users.far_county).get("/api/payouts/").json()["count"] == 0


def test_the_county_creates_a_sheet_on_the_page(world, login, policy):
    response = login(world.users.county).post(
        reverse("assessment:payout_create"),
        {
            "policy": policy.pk,
            "title": "二季度",
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
        },
    )
    assert response.status_code == 302
    assert PayoutSheet.objects.get(title="二季度").lines.count() == 3
