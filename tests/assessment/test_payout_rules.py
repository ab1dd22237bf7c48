"""Issue 10, items 2 and 3: no month is paid twice for one instructor, and a month is paid by
the days the instructor was in post (never before the first assignment or after the last)."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from liangxin.assessment.models import AllowancePolicy, PayoutSheet
from liangxin.assessment.services import payouts
from liangxin.core.models import Role
from liangxin.core.services import ServiceError
from tests import factories as f

H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


@pytest.fixture
def policy(world):
    return AllowancePolicy.objects.create(
        region=world.county,
        year=2026,
        monthly_amount=Decimal("800.00"),
        short_month_deduction=Decimal("200.00"),
    )


@pytest.fixture
def paid_first_half(world, policy):
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年上半年补贴",
        period_start=H1[0],
        period_end=H1[1],
    )
    approver = f.UserFactory(
        username="county2", role=Role.COUNTY_ADMIN, region=world.county
    )
    payouts.check_sheet(user=world.users.county, sheet=sheet)
    payouts.approve_sheet(user=approver, sheet=sheet)
    return payouts.mark_paid(user=world.users.county, sheet=sheet)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (datetime.date(2025, 12, 1), datetime.date(2026, 1, 15)),
        (datetime.date(2026, 6, 30), datetime.date(2026, 12, 31)),
    ],
)
def test_a_sheet_overlapping_a_paid_period_is_refused(
    world, policy, paid_first_half, start, end
):
    with pytest.raises(ServiceError, match="重叠，同一月份只能发放一次"):
        payouts.create_sheet(
            user=world.users.county,
            policy=policy,
            title="重叠",
            period_start=start,
            period_end=end,
        )
    assert PayoutSheet.objects.count() == 1


def test_the_next_period_after_a_paid_one_is_accepted(world, policy, paid_first_half):
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年7月补贴",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 31),
    )
    assert sheet.lines.exists()


def test_a_partial_month_is_paid_by_the_days_in_post_and_earlier_months_not_at_all(
    world, policy
):
    late = f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a)
    f.AssignmentFactory(
        instructor=late,
        organization=world.org_a2,
        started_on=datetime.date(2026, 2, 15),  # 14 of February's 28 days
    )
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年一季度补贴",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    line = sheet.lines.get(instructor=late)
    assert line.months == 2  # January, before the assignment, is not counted
    assert line.base == Decimal("1200.00")  # 800 × (14/28 + 1)
    assert line.short_months == 2  # February and March: never January
    assert "2026-02 在岗 14/28 天" in line.note
    idle = sheet.lines.get(instructor=world.ins_idle)  # never posted
    assert idle.months == 0 and idle.amount == 0 and idle.short_months == 0


def test_a_month_after_the_last_assignment_is_not_paid(world, policy):
    world.asg_a.ended_on = datetime.date(2026, 2, 10)
    world.asg_a.save()
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年一季度补贴",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    line = sheet.lines.get(instructor=world.ins_a)
    assert line.months == 2
    assert line.base == Decimal("1085.71")  # 800 × (1 + 10/28)


def test_the_sheet_page_and_export_state_the_pro_rata_rule(world, policy, login):
    sheet = payouts.create_sheet(
        user=world.users.county,
        policy=policy,
        title="2026年一季度补贴",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    client = login(world.users.county)
    assert (
        "按当月在岗天数占当月天数的比例折算"
        in client.get(sheet.get_absolute_url()).content.decode()
    )
    response = client.get(f"/assessment/payouts/{sheet.pk}/xlsx/")
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    rows = list(load_workbook(io.BytesIO(data)).active.values)
    assert any(r[0] == payouts.PRORATA_RULE for r in rows)
