"""Indicators of 考得准: what inspections found, for the 勤 deductions of a scheme."""

from django.db.models import Count, Q

from liangxin.core.indicators import indicator
from liangxin.inspections.models import (
    Inspection,
    Kind,
    PhoneCall,
    Rating,
    Satisfaction,
)


def _absences(ids, start, end):
    """Inspections that found the instructor absent; a covert one (暗访) only once the county
    has published its finding: before that, no number the inspected side sees may hint at it."""
    return Inspection.objects.filter(
        instructor_id__in=ids, date__range=(start, end), on_duty=Rating.POOR
    ).filter(~Q(kind=Kind.COVERT) | Q(finding_published_at__isnull=False))


def absence_details(ids, start, end):
    """ "督查发现缺岗（日期）" per absence: never the kind, the inspectors or the notes."""
    found: dict[int, list[str]] = {}
    for pk, date in (
        _absences(ids, start, end).order_by("date").values_list("instructor_id", "date")
    ):
        found.setdefault(pk, []).append(f"督查发现缺岗（{date:%Y-%m-%d}）")
    return found


@indicator(
    "inspections.absences_found",
    "督查发现缺岗次数",
    "次",
    higher_is_better=False,
    description="期间内督查（明查、实地调研，以及县级已公布结论的暗访）发现不在岗的次数"
    "（可按每次扣 1 分计分）。",
    details=absence_details,
)
def absences_found(ids, start, end):
    rows = (
        _absences(ids, start, end)
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("pk"))
    )
    return {r["instructor_id"]: r["n"] for r in rows}


@indicator(
    "inspections.phone_unsatisfied",
    "电话调查不满意次数",
    "次",
    higher_is_better=False,
    description="期间内电话调查中，所派驻组织联系人接通后回答“不满意”的次数（可按每次扣分计分）。",
)
def phone_unsatisfied(ids, start, end):
    rows = (
        PhoneCall.objects.filter(
            inspection__instructor_id__in=ids,
            inspection__date__range=(start, end),
            reached=True,
            satisfaction=Satisfaction.UNSATISFIED,
        )
        .order_by()
        .values("inspection__instructor_id")
        .annotate(n=Count("pk"))
    )
    return {r["inspection__instructor_id"]: r["n"] for r in rows}
