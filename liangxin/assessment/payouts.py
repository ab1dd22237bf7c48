"""Services of the allowances (补贴兑现): compute, check, approve, export, pay — once.

Amount of a line: (monthly amount × months − short months × deduction per month), not below 0,
× the grade coefficient of the instructor's result in the chosen round (1 without a round),
rounded to the fen. After payment a re-computation puts adjustment lines for the differences
into an adjustment batch, which is checked, approved (by someone else) and paid like a sheet.
"""

import datetime
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

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
from liangxin.core.models import AuditAction, Role
from liangxin.core.models.region import region_prefix
from liangxin.core.services import ServiceError
from liangxin.roster.models import Instructor, InstructorStatus

FEN = Decimal("0.01")
PAID_TWICE = "该期补贴已发放，不能重复发放。"
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
        if PayoutSheet.objects.filter(
            region_id=policy.region_id, period_start=period_start, period_end=period_end
        ).exists():
            raise ServiceError("该期间已有补贴发放表，同一期间只能发放一次。")
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
    months = months_in(sheet.period_start, sheet.period_end)
    base = (policy.monthly_amount * months).quantize(FEN)
    owed = {}
    for pk in instructors:
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
        }
    return owed


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
        sheet = PayoutSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != PayoutStatus.PAID:
            count = _compute_lines(sheet)
            if sheet.status != PayoutStatus.DRAFT:
                sheet.status, sheet.checked_by, sheet.approved_by = (
                    PayoutStatus.DRAFT,
                    None,
                    None,
                )
                sheet.save()
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
        batch.status, batch.checked_by, batch.approved_by = (
            PayoutStatus.DRAFT,
            None,
            None,
        )
        batch.version += 1
        batch.save()
    PayoutLine.objects.bulk_create(
        [
            PayoutLine(
                sheet=sheet,
                batch=batch,
                instructor_id=pk,
                **{**values, "amount": values["amount"] - paid.get(pk, Decimal(0))},
                is_adjustment=True,
                note=f"发放后重新计算，应发 {values['amount']} 元，已发 "
                f"{paid.get(pk, Decimal(0))} 元",
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


def _move(user, sheet: PayoutSheet, frm: str, to: str, **fields) -> PayoutSheet:
    _require_admin(user)
    with transaction.atomic():
        sheet = PayoutSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status == PayoutStatus.PAID and to == PayoutStatus.PAID:
            raise ServiceError(
                PAID_TWICE + ADJUSTMENTS_APART
                if sheet.adjustments.exclude(status=PayoutStatus.PAID).exists()
                else PAID_TWICE
            )
        if sheet.status != frm:
            raise ServiceError(
                f"发放表当前为“{sheet.get_status_display()}”，"
                f"不能改为“{PayoutStatus(to).label}”。"
            )
        if (
            to == PayoutStatus.APPROVED
            and sheet.checked_by_id == user.pk
            and not user.is_superuser
        ):
            raise ServiceError("核对人和审批人不能是同一人。")
        before = audit.snapshot(sheet)
        sheet.status = to
        for key, value in fields.items():
            setattr(sheet, key, value)
        sheet.version += 1
        sheet.save()
        if to == PayoutStatus.PAID:
            sheet.lines.filter(paid=False).update(paid=True)
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=sheet,
            before=before,
            after=audit.snapshot(sheet),
            note=f"补贴发放表：{PayoutStatus(to).label}",
        )
    return sheet


def check_sheet(*, user, sheet):
    return _move(user, sheet, PayoutStatus.DRAFT, PayoutStatus.CHECKED, checked_by=user)


def approve_sheet(*, user, sheet):
    return _move(
        user, sheet, PayoutStatus.CHECKED, PayoutStatus.APPROVED, approved_by=user
    )


def mark_paid(*, user, sheet):
    return _move(
        user, sheet, PayoutStatus.APPROVED, PayoutStatus.PAID, paid_at=timezone.now()
    )


def _move_batch(
    user, batch: AdjustmentBatch, frm: str, to: str, **fields
) -> AdjustmentBatch:
    _require_admin(user)
    with transaction.atomic():
        batch = (
            AdjustmentBatch.objects.select_for_update()
            .select_related("sheet")
            .get(pk=batch.pk)
        )
        if batch.status == PayoutStatus.PAID:
            raise ServiceError("该调整批次已发放，不能重复发放。")
        if batch.status != frm:
            raise ServiceError(
                f"调整批次当前为“{batch.get_status_display()}”，"
                f"不能改为“{PayoutStatus(to).label}”。"
            )
        if (
            to == PayoutStatus.APPROVED
            and batch.checked_by_id == user.pk
            and not user.is_superuser
        ):
            raise ServiceError("核对人和审批人不能是同一人。")
        before = audit.snapshot(batch)
        batch.status = to
        for key, value in fields.items():
            setattr(batch, key, value)
        batch.version += 1
        batch.save()
        if to == PayoutStatus.PAID:
            batch.lines.update(paid=True)
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=batch.sheet,
            before=before,
            after=audit.snapshot(batch),
            note=f"调整批次 {batch.pk}：{PayoutStatus(to).label}",
        )
    return batch


def check_batch(*, user, batch):
    return _move_batch(
        user, batch, PayoutStatus.DRAFT, PayoutStatus.CHECKED, checked_by=user
    )


def approve_batch(*, user, batch):
    return _move_batch(
        user, batch, PayoutStatus.CHECKED, PayoutStatus.APPROVED, approved_by=user
    )


def pay_batch(*, user, batch):
    return _move_batch(
        user, batch, PayoutStatus.APPROVED, PayoutStatus.PAID, paid_at=timezone.now()
    )


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


def export_xlsx(*, user, sheet: PayoutSheet) -> bytes:
    """The sheet for finance: one row a line, a totals row, and a signatures block."""
    lines = list(sheet.lines.select_related("instructor__unit", "batch"))
    wb = Workbook()
    ws = wb.active
    ws.title = "补贴发放表"
    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            f"期间：{sheet.period_start:%Y-%m-%d} 至 {sheet.period_end:%Y-%m-%d}",
            None,
            None,
            None,
            None,
            f"状态：{sheet.get_status_display()}",
        ]
    )
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A4"
    for n, line in enumerate(lines, start=1):
        ws.append(
            [
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
        )
        for column in "FGIJ":
            ws[f"{column}{ws.max_row}"].number_format = "#,##0.00"
    total = sum((line.amount for line in lines), Decimal(0))
    first, last = 4, ws.max_row
    ws.append(["合计", None, None, None, None, None, None, None, None, total])
    ws[f"J{ws.max_row}"].number_format = "#,##0.00"
    ws[f"A{ws.max_row}"].font = Font(bold=True)
    ws.append([f"（核对公式：=SUM(J{first}:J{last})）"])
    ws.append([])
    ws.append(
        [
            "制表人：",
            None,
            None,
            "核对人：",
            sheet.checked_by and str(sheet.checked_by),
            None,
            "审批人：",
            sheet.approved_by and str(sheet.approved_by),
            None,
            "财务：",
            None,
        ]
    )
    ws.append(
        [
            "日期：",
            None,
            None,
            "日期：",
            None,
            None,
            "日期：",
            None,
            None,
            "日期：",
            None,
        ]
    )
    for column, width in zip(
        "ABCDEFGHIJKL", [6, 10, 20, 6, 8, 12, 10, 10, 6, 12, 12, 30], strict=True
    ):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    audit.log(
        user=user,
        action=AuditAction.EXPORT,
        obj=sheet,
        note=f"导出补贴发放表 {len(lines)} 行，合计 {total} 元",
    )
    return out.getvalue()
