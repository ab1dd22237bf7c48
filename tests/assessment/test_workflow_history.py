"""Payout sheets, adjustment batches and appeals move through core.workflow.transition: each
move locked, checked, kept as a history row, audited, and shown on the record page."""

import datetime
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.urls import reverse

from liangxin.assessment.models import (
    AdjustmentBatchTransition,
    AllowancePolicy,
    AppealTransition,
    PayoutSheet,
    PayoutSheetTransition,
    Result,
)
from liangxin.assessment.services import appeals as appeal_services
from liangxin.assessment.services import payouts
from liangxin.core.models import AuditLog, Role
from liangxin.core.services import ConflictError, ServiceError
from liangxin.core.workflow import transition
from tests import factories as f


@pytest.fixture
def sheet(world):
    policy = AllowancePolicy.objects.create(
        region=world.county,
        year=2025,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("266.67"),
    )
    return payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2025年一季度补贴",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
    )


@pytest.fixture
def second_admin(world):
    return f.UserFactory(
        username="county2", role=Role.COUNTY_ADMIN, region=world.county
    )


def _moves(history):
    return list(history.values_list("from_status", "to_status", "by__username"))


def test_each_move_of_a_payout_sheet_keeps_a_history_row_and_an_audit_entry(
    world, sheet, second_admin
):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=second_admin, sheet=sheet)
    payouts.mark_paid(user=world.users.county, sheet=sheet)
    assert _moves(PayoutSheetTransition.objects.filter(sheet=sheet)) == [
        ("draft", "checked", "county"),
        ("checked", "approved", "county2"),
        ("approved", "paid", "county"),
    ]
    notes = list(
        AuditLog.objects.filter(
            content_type__model="payoutsheet", object_id=str(sheet.pk), action="update"
        )
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["补贴发放表：已核对", "补贴发放表：已审批", "补贴发放表：已发放"]
    sheet.refresh_from_db()
    assert sheet.version == 4 and sheet.paid_at is not None


def test_a_refused_move_changes_nothing(world, sheet):
    with pytest.raises(ServiceError, match="发放表当前为“草稿”，不能改为“已发放”"):
        payouts.mark_paid(user=world.users.county, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.version == 1
    assert not PayoutSheetTransition.objects.exists()


def test_a_stale_version_is_a_conflict(world, sheet):
    with pytest.raises(ConflictError, match="已被他人修改"):
        transition(sheet, "checked", user=world.users.county, expected_version=9)
    assert PayoutSheet.objects.get(pk=sheet.pk).status == "draft"


def test_recomputing_a_checked_sheet_sends_it_back_to_draft_with_a_history_row(
    world, sheet
):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.recompute(user=world.users.county, sheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.checked_by is None
    assert _moves(PayoutSheetTransition.objects.filter(sheet=sheet))[-1] == (
        "checked",
        "draft",
        "county",
    )


def test_an_adjustment_batch_keeps_its_own_history(world, sheet, second_admin):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=second_admin, sheet=sheet)
    payouts.mark_paid(user=world.users.county, sheet=sheet)
    policy = sheet.policy
    policy.monthly_amount = Decimal("900.00")
    policy.save()
    assert payouts.recompute(user=world.users.county, sheet=sheet) > 0
    batch = sheet.adjustments.get()
    payouts.check_batch(user=world.users.county, batch=batch)
    payouts.approve_batch(user=second_admin, batch=batch)
    payouts.pay_batch(user=world.users.county, batch=batch)
    assert _moves(AdjustmentBatchTransition.objects.filter(batch=batch)) == [
        ("draft", "checked", "county"),
        ("checked", "approved", "county2"),
        ("approved", "paid", "county"),
    ]


def test_the_payout_page_shows_the_history_of_the_sheet(world, sheet, login):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    page = login(world.users.county).get(sheet.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "流转记录" in text and "草稿 → 已核对" in text


def test_answering_an_appeal_keeps_a_history_row_shown_on_the_result_page(
    world, published, login
):
    result = Result.objects.get(round=published, instructor=world.ins_a)
    appeal = appeal_services.file_appeal(
        user=world.users.instructor, result=result, reason="漏计"
    )
    appeal_services.answer_appeal(
        user=world.users.county, appeal=appeal, upheld=False, response="记录无误。"
    )
    step = AppealTransition.objects.get(appeal=appeal)
    assert (step.from_status, step.to_status, step.by) == (
        "open",
        "rejected",
        world.users.county,
    )
    with pytest.raises(ServiceError, match="该申诉已处理"):
        appeal_services.answer_appeal(
            user=world.users.county, appeal=appeal, upheld=True, response="再议"
        )
    page = login(world.users.county).get(
        reverse("assessment:result_detail", args=[result.pk])
    )
    assert "待处理 → 未采纳" in page.content.decode()


def test_the_migration_backfills_the_history_of_sheets_already_paid(
    world, sheet, second_admin
):
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=second_admin, sheet=sheet)
    payouts.mark_paid(user=world.users.county, sheet=sheet)
    PayoutSheetTransition.objects.all().delete()
    migration = import_module("liangxin.assessment.migrations.0004_workflow_history")
    migration.backfill(global_apps, None)
    assert _moves(PayoutSheetTransition.objects.filter(sheet=sheet)) == [
        ("draft", "checked", "county"),
        ("checked", "approved", "county2"),
        ("approved", "paid", None),
    ]
