"""Indicators of 考得准: what inspections found, for the 勤 deductions of a scheme."""

from django.db.models import Count

from liangxin.core.indicators import indicator
from liangxin.inspections.models import Inspection, PhoneCall, Rating, Satisfaction


@indicator(
    "inspections.absences_found",
    "明查暗访发现不在岗次数",
    "次",
    higher_is_better=False,
    description="期间内明查、暗访、实地调研中“在岗情况”评为“差”的次数（可按每次扣 1 分计分）。",
)
def absences_found(ids, start, end):
    rows = (
        Inspection.objects.filter(
            instructor_id__in=ids, date__range=(start, end), on_duty=Rating.POOR
        )
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
