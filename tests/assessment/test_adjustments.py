"""Adjustment lines after payment form a batch that is checked, approved by someone else and
paid once — like a sheet."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liangxin.assessment.models import (
    AdjustmentBatch,
    AllowancePolicy,
    PayoutLine,
    PayoutStatus,
)
from liangxin.assessment.services import payouts
from liangxin.core.models import AuditLog, Role
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
def paid_sheet(world, policy, second_admin):
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年一季度补贴",
        period_start=Q1[0],
        period_end=Q1[1],
    )
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=second_admin, sheet=sheet)
    return payouts.mark_paid(user=world.users.county, sheet=sheet)


@pytest.fixture
def batch(world, policy, paid_sheet):
    policy.monthly_amount = Decimal("900.00")
    policy.save()
    payouts.recompute(user=world.users.county, sheet=paid_sheet)
    return paid_sheet.adjustments.get()


def test_recomputing_after_payment_opens_a_draft_adjustment_batch(
    world, paid_sheet, batch
):
    assert batch.status == PayoutStatus.DRAFT
    lines = PayoutLine.objects.filter(batch=batch)
    assert (
        lines.count() == 2 and not lines.filter(paid=True).exists()
    )  # ins_idle never posted
    assert lines.get(instructor=world.ins_a).amount == Decimal("300.00")
    assert any(
        "待核对、审批" in n for n in AuditLog.objects.values_list("note", flat=True)
    )


def test_an_adjustment_batch_goes_check_approve_paid(world, second_admin, batch):
    with pytest.raises(ServiceError, match="不能改为“已发放”"):
        payouts.pay_batch(user=world.users.county, batch=batch)
    payouts.check_batch(user=world.users.county, batch=batch)
    with pytest.raises(ServiceError, match="不能是同一人"):
        payouts.approve_batch(user=world.users.county, batch=batch)
    payouts.approve_batch(user=second_admin, batch=batch)
    payouts.pay_batch(user=world.users.county, batch=batch)
    assert not PayoutLine.objects.filter(paid=False).exists()
    assert AdjustmentBatch.objects.get(pk=batch.pk).paid_at is not None
    with pytest.raises(ServiceError, match="不能重复发放"):
        payouts.pay_batch(user=world.users.county, batch=batch)


def test_recomputing_again_replaces_the_open_batch_and_sends_it_back_to_draft(
    world, policy, paid_sheet, batch
):
    payouts.check_batch(user=world.users.county, batch=batch)
    policy.monthly_amount = Decimal("1000.00")
    policy.save()
    payouts.recompute(user=world.users.county, sheet=paid_sheet)
    again = AdjustmentBatch.objects.get(sheet=paid_sheet)
    assert again.pk == batch.pk and again.status == PayoutStatus.DRAFT
    assert again.checked_by is None
    assert PayoutLine.objects.get(
        batch=again, instructor=world.ins_a
    ).amount == Decimal("600.00")


def test_after_a_paid_batch_only_new_differences_make_a_new_batch(
    world, policy, second_admin, paid_sheet, batch
):
    payouts.check_batch(user=world.users.county, batch=batch)
    payouts.approve_batch(user=second_admin, batch=batch)
    payouts.pay_batch(user=world.users.county, batch=batch)
    assert payouts.recompute(user=world.users.county, sheet=paid_sheet) == 0
    assert paid_sheet.adjustments.count() == 1
    policy.monthly_amount = Decimal("850.00")
    policy.save()
    assert payouts.recompute(user=world.users.county, sheet=paid_sheet) == 2
    new = paid_sheet.adjustments.exclude(pk=batch.pk).get()
    assert PayoutLine.objects.get(batch=new, instructor=world.ins_a).amount == Decimal(
        "-150.00"
    )


def test_the_payout_page_moves_a_batch_and_refuses_the_checker_as_approver(
    world, login, batch
):
    url = reverse("assessment:adjustment_action", args=[batch.sheet_id, batch.pk])
    client = login(world.users.county)
    assert "调整批次 1" in client.get(batch.sheet.get_absolute_url()).content.decode()
    assert client.post(url, {"action": "check"}).status_code == 302
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "核对人和审批人不能是同一人" in response.content.decode()
    assert AdjustmentBatch.objects.get(pk=batch.pk).status == PayoutStatus.CHECKED


@pytest.mark.parametrize(
    "persona,status",
    [
        ("county", 302),
        ("far_county", 404),
        ("auditor", 403),
        ("nonpublic", 403),
        ("instructor", 403),
    ],
)
def test_the_batch_action_answers_each_role(world, login, batch, persona, status):
    url = reverse("assessment:adjustment_action", args=[batch.sheet_id, batch.pk])
    response = login(getattr(world.users, persona)).post(url, {"action": "check"})
    assert response.status_code == status


def test_the_batch_action_needs_post(world, login, batch):
    url = reverse("assessment:adjustment_action", args=[batch.sheet_id, batch.pk])
    assert login(world.users.county).get(url).status_code == 405


def test_the_api_moves_a_batch_through_its_approval(world, api, second_admin, batch):
    base = f"/api/payouts/{batch.sheet_id}/adjustments/{batch.pk}"
    assert api(world.users.county).post(f"{base}/check/").status_code == 200
    response = api(world.users.county).post(f"{base}/approve/")
    assert response.status_code == 400 and "不能是同一人" in str(response.json())
    assert api(second_admin).post(f"{base}/approve/").status_code == 200
    data = api(world.users.county).post(f"{base}/pay/").json()
    assert data["adjustments"][0]["status"] == "paid"
    again = api(world.users.county).post(f"{base}/pay/")
    assert again.status_code == 400 and "不能重复发放" in str(again.json())
    assert api(world.users.auditor).post(f"{base}/check/").status_code == 403


def test_the_finance_export_marks_adjustment_lines_with_their_batch_status(
    world, login, batch
):
    response = login(world.users.county).get(
        reverse("assessment:payout_export", args=[batch.sheet_id])
    )
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert sum(1 for r in rows if r[10] == "调整（草稿）") == 2
    total_row = next(r for r in rows if r[0] == "合计")
    assert Decimal(str(total_row[9])) == sum(
        line.amount for line in PayoutLine.objects.filter(sheet_id=batch.sheet_id)
    )
