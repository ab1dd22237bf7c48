"""Writes of a scheme's rules beyond its indicators: grade thresholds, the 优秀 quota and the
veto items. Like the indicators, they change only while no round using the scheme has left
draft (a started round keeps the rules it was scored by)."""

from decimal import Decimal

from django.db import transaction

from liangxin.assessment.models import DimensionCode, Grade, Scheme, VetoItem
from liangxin.assessment.services.base import _require
from liangxin.assessment.services.scheme_setup import _scheme_in_use
from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError, lock_for_update

HUNDRED = Decimal(100)


def rules_problems(
    *, excellent_min, competent_min, basic_min, excellent_quota
) -> list[tuple]:
    """[(field, 中文 message)] for grade thresholds and a quota (a fraction 0–1)."""
    problems = []
    for field, label, value in (
        ("excellent_min", "优秀", excellent_min),
        ("competent_min", "称职", competent_min),
        ("basic_min", "基本称职", basic_min),
    ):
        if value is None or not (0 <= value <= HUNDRED):
            problems.append((field, f"{label}最低分应在 0 到 100 分之间。"))
    if not problems and not (excellent_min > competent_min > basic_min):
        problems.append(("competent_min", "等次分数线应为：优秀 > 称职 > 基本称职。"))
    if excellent_quota is None or not (0 <= excellent_quota <= 1):
        problems.append(("excellent_quota", "优秀比例应在 0% 到 100% 之间。"))
    return problems


def parse_tie_break(text) -> list[str]:
    """ "绩、勤、能、德、廉" (any separators) → ["ji", "qin", "neng", "de", "lian"]: each of
    the five dimensions exactly once."""
    by_label = {label: code for code, label in DimensionCode.choices}
    if isinstance(text, (list, tuple)):
        codes = [str(c) for c in text]
    else:
        codes = [
            by_label.get(ch, "?")
            for ch in str(text or "")
            if ch not in " 、,，;；>＞-→"
        ]
    if sorted(codes) != sorted(DimensionCode.values):
        raise ServiceError(
            "同分比较顺序应为德、能、勤、绩、廉五个维度各出现一次，如“绩、勤、能、德、廉”。",
            field="tie_break_order",
        )
    return codes


def update_rules(
    *,
    user,
    scheme: Scheme,
    excellent_min: Decimal,
    competent_min: Decimal,
    basic_min: Decimal,
    excellent_quota: Decimal,
    tie_break_order=None,
    expected_version: int | None = None,
) -> Scheme:
    """Grade thresholds, the 优秀 quota (a fraction, e.g. 0.20 for 20 %) and the tie-break
    order of the subtotals at the quota line."""
    _require(user, Role.COUNTY_ADMIN)
    values = {
        "excellent_min": excellent_min,
        "competent_min": competent_min,
        "basic_min": basic_min,
        "excellent_quota": excellent_quota,
    }
    problems = rules_problems(**values)
    if problems:
        field, message = problems[0]
        raise ServiceError(message, field=field)
    if tie_break_order is not None:
        values["tie_break_order"] = parse_tie_break(tie_break_order)
    with transaction.atomic():
        scheme = lock_for_update(scheme, expected_version)
        _scheme_in_use(scheme)
        before = {key: str(getattr(scheme, key)) for key in values}
        for key, value in values.items():
            setattr(scheme, key, value)
        scheme.version += 1
        scheme.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=scheme,
            before=before,
            after={key: str(value) for key, value in values.items()},
            note="调整等次分数线和优秀比例"
            + ("及同分比较顺序" if tie_break_order is not None else ""),
        )
    return scheme


def save_veto(
    *, user, scheme: Scheme, name: str, grade: str, veto: VetoItem | None = None
) -> VetoItem:
    """Add a veto item to the scheme, or change one of its own."""
    _require(user, Role.COUNTY_ADMIN)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写否决事项。", field="name")
    if len(name) > 200:
        raise ServiceError("否决事项不能超过 200 个字。", field="name")
    if grade not in (Grade.UNQUALIFIED, Grade.BASIC):
        raise ServiceError(
            "否决事项的认定等次应为“不称职”或“基本称职”。", field="grade"
        )
    with transaction.atomic():
        scheme = lock_for_update(scheme)
        _scheme_in_use(scheme)
        if veto is not None and veto.scheme_id != scheme.pk:
            raise ServiceError("该否决事项不属于此方案。")
        if (
            scheme.vetoes.filter(name=name)
            .exclude(pk=getattr(veto, "pk", None))
            .exists()
        ):
            raise ServiceError("该方案已有同名否决事项。", field="name")
        before = {"name": veto.name, "grade": veto.grade} if veto is not None else None
        veto = veto or VetoItem(scheme=scheme)
        veto.name, veto.grade = name, grade
        veto.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=scheme,
            before=before,
            after={"name": name, "grade": grade},
            note=f"{'修改' if before else '新增'}一票否决事项：{name}",
        )
    return veto


def delete_veto(*, user, veto: VetoItem) -> None:
    _require(user, Role.COUNTY_ADMIN)
    with transaction.atomic():
        scheme = lock_for_update(veto.scheme)
        _scheme_in_use(scheme)
        before = {"name": veto.name, "grade": veto.grade}
        veto.delete()
        audit.log(
            user=user,
            action=AuditAction.DELETE,
            obj=scheme,
            before=before,
            note=f"删除一票否决事项：{before['name']}",
        )
