"""Services of the allowances (补贴兑现): compute, check, approve, export, pay — once.

Amount of a line: (monthly amount × months in post − short months × deduction per month), not
below 0, where a month partly in post counts as (days in post ÷ days of the month) and a month
before the first assignment or after the last does not count (PRORATA_RULE);
× the grade coefficient of the instructor's result in the chosen round (1 without a round),
rounded to the fen. After payment a re-computation puts adjustment lines for the differences
into an adjustment batch, which is checked, approved (by someone else) and paid like a sheet.
"""

import calendar
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from liangxin.assessment.models import (
    AdjustmentBatch,
    AllowancePolicy,
    PayoutLine,
    PayoutSheet,
    PayoutStatus,
    Result,
    RoundStatus,
)
from liangxin.core import audit, indicators
from liangxin.core.exporting import Sheet, xlsx_file_response
from liangxin.core.models import AuditAction, Role
from liangxin.core.models.region import region_prefix
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.core.workflow import transition
from liangxin.roster.models import Instructor, InstructorStatus
from liangxin.roster.services import days_in_post

FEN = Decimal("0.01")
PAID_TWICE = "该期补贴已发放，不能重复发放。"
PRORATA_RULE = (
    "计发规则：按月发放，某月仅部分日期在岗（派驻开始或结束在月中）的，"
    "按当月在岗天数占当月天数的比例折算；首次派驻之前、最后一次派驻结束之后的月份不计发，"
    "也不计到岗不足。同一指导员的同一天只能计发一次，发放期间不得与已有发放表重叠。"
)
ADJUSTMENTS_APART = "发放后的调整行须按调整批次核对、审批后发放。"


def _require_admin(user):
    if not user.has_role(Role.COUNTY_ADMIN):
        raise ServiceError("您没有执行该操作的权限。")


def months_in(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def create_sheet(
    *, user, policy: AllowancePolicy, title: str, period_start, period_end, rnd=None
) -> PayoutSheet:
    _require_admin(user)
    if period_end < period_start:
        raise ServiceError("期间结束日期不能早于开始日期。", field="period_end")
    if rnd is not None and rnd.status not in (
        RoundStatus.PUBLISHED,
        RoundStatus.LOCKED,
    ):
        raise ServiceError("只能依据已公布的考核结果计算。", field="round")
    with transaction.atomic():
        # one county's sheets are created one at a time, so two overlapping ones cannot
        # both pass the check below
        AllowancePolicy.objects.select_for_update().filter(
            region_id=policy.region_id
        ).exists()
        overlap = (
            PayoutSheet.objects.filter(
                region_id=policy.region_id,
                period_start__lte=period_end,
                period_end__gte=period_start,
            )
            .order_by("period_start")
            .first()
        )
        if overlap is not None:
            raise ServiceError(
                f"该期间与已有的补贴发放表“{overlap.title}”"
                f"（{overlap.period_start:%Y-%m-%d} 至 {overlap.period_end:%Y-%m-%d}）重叠，"
                "同一月份只能发放一次。",
                field="period_start",
            )
        sheet = PayoutSheet.objects.create(
            region_id=policy.region_id,
            policy=policy,
            round=rnd,
            title=title,
            period_start=period_start,
            period_end=period_end,
        )
        _compute_lines(sheet)
        audit.log(
            user=user, action=AuditAction.CREATE, obj=sheet, after=audit.snapshot(sheet)
        )
    return sheet


def _amounts(sheet: PayoutSheet) -> dict[int, dict]:
    """What each active instructor of the county is owed for the period (bounded queries)."""
    policy = sheet.policy
    instructors = list(
        Instructor.objects.filter(
            region__code__startswith=region_prefix(sheet.region_id),
            status=InstructorStatus.ACTIVE,
        ).values_list("pk", flat=True)
    )
    short = indicators.compute(
        "fieldwork.months_short", instructors, sheet.period_start, sheet.period_end
    )
    grades = {}
    if sheet.round_id:
        grades = dict(
            Result.objects.filter(
                round_id=sheet.round_id, instructor_id__in=instructors
            ).values_list("instructor_id", "grade")
        )
    in_post = days_in_post(instructors, sheet.period_start, sheet.period_end)
    owed = {}
    for pk in instructors:
        months, share, partial = _months_in_post(in_post.get(pk, {}))
        base = (policy.monthly_amount * share).quantize(FEN, rounding=ROUND_HALF_UP)
        short_months = int(short.get(pk, 0))
        deduction = min(base, policy.short_month_deduction * short_months).quantize(FEN)
        grade = grades.get(pk) or ""
        coefficient = policy.coefficient(grade or None)
        amount = ((base - deduction) * coefficient).quantize(
            FEN, rounding=ROUND_HALF_UP
        )
        owed[pk] = {
            "months": months,
            "short_months": short_months,
            "base": base,
            "deduction": deduction,
            "grade": grade,
            "coefficient": coefficient,
            "amount": amount,
            "note": partial,
        }
    return owed


def _months_in_post(months: dict[datetime.date, int]) -> tuple[int, Decimal, str]:
    """(months counted, months as a fraction, note of the partial months)."""
    share, partial = Decimal(0), []
    for first in sorted(months):
        length = calendar.monthrange(first.year, first.month)[1]
        days = months[first]
        share += Decimal(days) / Decimal(length)
        if days < length:
            partial.append(f"{first:%Y-%m} 在岗 {days}/{length} 天")
    note = ("按在岗天数折算：" + "；".join(partial)) if partial else ""
    return len(months), share, note[:200]


def _compute_lines(sheet: PayoutSheet) -> int:
    sheet.lines.all().delete()
    lines = [
        PayoutLine(sheet=sheet, instructor_id=pk, **values)
        for pk, values in _amounts(sheet).items()
    ]
    PayoutLine.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


def recompute(*, user, sheet: PayoutSheet) -> int:
    """Before payment: the lines are computed again. After: adjustment lines for differences."""
    _require_admin(user)
    with transaction.atomic():
        sheet = lock_for_update(sheet)
        if sheet.status != PayoutStatus.PAID:
            count = _compute_lines(sheet)
            if sheet.status != PayoutStatus.DRAFT:
                _back_to_draft(user, sheet)
            audit.log(
                user=user, action=AuditAction.UPDATE, obj=sheet, note="重新计算补贴"
            )
            return count
        return _adjust(user, sheet)


def _adjust(user, sheet: PayoutSheet) -> int:
    """After payment: the differences against what was paid go into the open adjustment
    batch (created if needed, sent back to draft if it was checked or approved)."""
    batch = (
        sheet.adjustments.select_for_update().exclude(status=PayoutStatus.PAID).first()
    )
    sheet.lines.filter(
        paid=False, is_adjustment=True
    ).delete()  # the open batch's lines
    paid = defaultdict(Decimal)
    for pk, amount in sheet.lines.filter(paid=True).values_list(
        "instructor_id", "amount"
    ):
        paid[pk] += amount
    # instructors no longer active keep what was paid: recomputation claws nothing back
    owed = {
        pk: values
        for pk, values in _amounts(sheet).items()
        if values["amount"] != paid.get(pk, Decimal(0))
    }
    if not owed:
        if batch is not None:
            batch.delete()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=sheet,
            note="发放后重新计算，无差额",
        )
        return 0
    if batch is None:
        batch = AdjustmentBatch.objects.create(sheet=sheet, created_by=user)
    elif batch.status != PayoutStatus.DRAFT:
        _back_to_draft(user, batch)
    PayoutLine.objects.bulk_create(
        [
            PayoutLine(
                sheet=sheet,
                batch=batch,
                instructor_id=pk,
                **{
                    **values,
                    "amount": values["amount"] - paid.get(pk, Decimal(0)),
                    "note": (
                        f"发放后重新计算，应发 {values['amount']} 元，已发 "
                        f"{paid.get(pk, Decimal(0))} 元"
                        + (f"；{values['note']}" if values["note"] else "")
                    )[:200],
                },
                is_adjustment=True,
            )
            for pk, values in owed.items()
        ]
    )
    audit.log(
        user=user,
        action=AuditAction.UPDATE,
        obj=sheet,
        note=f"发放后重新计算，调整批次 {batch.pk} 共 {len(owed)} 行，待核对、审批",
    )
    return len(owed)


def _back_to_draft(user, record) -> None:
    """A re-computation sends a checked or approved sheet (or batch) back to draft."""
    transition(
        record,
        PayoutStatus.DRAFT,
        user=user,
        note="重新计算，退回草稿",
        changes={"checked_by": None, "approved_by": None},
        region_id=_region_of(record),
    )


def _region_of(record) -> str:
    return (
        record.region_id if isinstance(record, PayoutSheet) else record.sheet.region_id
    )


def _not_paid_twice(record) -> None:
    if record.status != PayoutStatus.PAID:
        return
    if isinstance(record, AdjustmentBatch):
        raise ServiceError("该调整批次已发放，不能重复发放。")
    raise ServiceError(
        PAID_TWICE + ADJUSTMENTS_APART
        if record.adjustments.exclude(status=PayoutStatus.PAID).exists()
        else PAID_TWICE
    )


def _two_people(user):
    def check(record) -> None:
        _not_paid_twice(record)
        if record.checked_by_id == user.pk and not user.is_superuser:
            raise ServiceError("核对人和审批人不能是同一人。")

    return check


def _move(user, record, to: str, **changes):
    """Check, approve or pay a sheet or an adjustment batch (one workflow, audited)."""
    _require_admin(user)
    label = "补贴发放表" if isinstance(record, PayoutSheet) else f"调整批次 {record.pk}"
    with transaction.atomic():
        transition(
            record,
            to,
            user=user,
            changes=changes,
            check=_two_people(user) if to == PayoutStatus.APPROVED else _not_paid_twice,
            audit_note=f"{label}：{PayoutStatus(to).label}",
            region_id=_region_of(record),
        )
        if to == PayoutStatus.PAID:
            record.lines.filter(paid=False).update(paid=True)
    return record


def check_sheet(*, user, sheet):
    return _move(user, sheet, PayoutStatus.CHECKED, checked_by=user)


def approve_sheet(*, user, sheet):
    return _move(user, sheet, PayoutStatus.APPROVED, approved_by=user)


def mark_paid(*, user, sheet):
    return _move(user, sheet, PayoutStatus.PAID, paid_at=timezone.now())


def check_batch(*, user, batch):
    return _move(user, batch, PayoutStatus.CHECKED, checked_by=user)


def approve_batch(*, user, batch):
    return _move(user, batch, PayoutStatus.APPROVED, approved_by=user)


def pay_batch(*, user, batch):
    return _move(user, batch, PayoutStatus.PAID, paid_at=timezone.now())


HEADERS = [
    "序号",
    "姓名",
    "派出单位",
    "月数",
    "到岗不足月数",
    "应发基数（元）",
    "扣减（元）",
    "考核等次",
    "系数",
    "金额（元）",
    "类别",
    "说明",
]


def _category(line: PayoutLine) -> str:
    if not line.is_adjustment:
        return "正常"
    return f"调整（{line.batch.get_status_display()}）" if line.batch_id else "调整"


def export_sheet(sheet: PayoutSheet) -> Sheet:
    """The sheet for finance: one row a line, a totals row, and a signatures block."""
    lines = sheet.lines.select_related("instructor__unit", "batch")
    total = Decimal(0)

    def rows():
        nonlocal total
        for n, line in enumerate(lines.iterator(chunk_size=2000), start=1):
            total += line.amount
            yield [
                n,
                line.instructor.name,
                line.instructor.unit.name,
                line.months,
                line.short_months,
                line.base,
                line.deduction,
                line.get_grade_display(),
                line.coefficient,
                line.amount,
                _category(line),
                line.note,
            ]

    def footer():
        first, last = 4, 3 + lines.count()
        checked, approved = sheet.checked_by, sheet.approved_by
        return [
            ["合计", None, None, None, None, None, None, None, None, total],
            [f"（核对公式：=SUM(J{first}:J{last})）"],
            [PRORATA_RULE],
            [],
            ["制表人：", None, None, "核对人：", checked and str(checked), None]
            + ["审批人：", approved and str(approved), None, "财务：", None],
            ["日期：", None, None, "日期：", None, None]
            + ["日期：", None, None, "日期：", None],
        ]

    period = f"期间：{sheet.period_start:%Y-%m-%d} 至 {sheet.period_end:%Y-%m-%d}"
    return Sheet(
        "补贴发放表",
        HEADERS,
        rows(),
        header=[
            [sheet.title],
            [period, None, None, None, None, f"状态：{sheet.get_status_display()}"],
        ],
        footer=footer,
        widths=[6, 10, 20, 6, 8, 12, 10, 10, 6, 12, 12, 30],
    )


def export_response(*, user, sheet: PayoutSheet):
    """The finance workbook as a download (audited)."""
    summary = sheet.lines.aggregate(count=Count("pk"), total=Sum("amount"))
    return xlsx_file_response(
        user=user,
        sheets=[export_sheet(sheet)],
        filename=f"{sheet.title}.xlsx",
        obj=sheet,
        note=f"导出补贴发放表 {summary['count']} 行，合计 {summary['total'] or 0} 元",
    )
