"""Issue 10, done-when: the county's assessment and allowances are recomputed under the fixed
rules; a changed line of a paid sheet goes through the adjustment flow, nothing paid is
rewritten, and a second run changes nothing more."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from liangxin.assessment.models import (
    AdjustmentBatch,
    AllowancePolicy,
    PayoutLine,
    PayoutSheet,
)
from liangxin.assessment.services import payouts
from liangxin.core.models import Role
from tests import factories as f


@pytest.fixture
def paid_sheet(world):
    policy = AllowancePolicy.objects.create(
        region=world.county,
        year=2026,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("200.00"),
    )
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年一季度补贴",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    approver = f.UserFactory(
        username="county2", role=Role.COUNTY_ADMIN, region=world.county
    )
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=approver, sheet=sheet)
    return payouts.mark_paid(user=world.users.county, sheet=sheet)


def test_a_paid_line_changed_by_the_rules_becomes_an_adjustment_and_reruns_are_safe(
    world, paid_sheet
):
    paid_before = list(
        PayoutLine.objects.filter(paid=True).values_list("pk", "amount").order_by("pk")
    )
    # the rules change after payment: ins_a's posting really ended on 10 February
    world.asg_a.ended_on = datetime.date(2026, 2, 10)
    world.asg_a.save()
    call_command("recompute_assessment", region=world.county.code)
    call_command("recompute_assessment", region=world.county.code)
    assert (
        list(
            PayoutLine.objects.filter(paid=True)
            .values_list("pk", "amount")
            .order_by("pk")
        )
        == paid_before
    )
    assert AdjustmentBatch.objects.count() == 1
    adjustment = PayoutLine.objects.get(is_adjustment=True, instructor=world.ins_a)
    paid = PayoutLine.objects.get(paid=True, instructor=world.ins_a).amount
    assert not adjustment.paid and adjustment.amount < 0
    assert (
        paid + adjustment.amount
        == payouts._amounts(paid_sheet)[world.ins_a.pk]["amount"]
    )
    assert PayoutSheet.objects.get(pk=paid_sheet.pk).status == "paid"


def test_an_unknown_county_is_refused_in_chinese(world):
    with pytest.raises(CommandError, match="没有可用的县级管理员"):
        call_command("recompute_assessment", region="999999")
