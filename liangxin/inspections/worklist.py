"""Worklist flags of 考得准: rectification items past their due date."""

from django.db.models import Count, Min

from liangxin.core.worklist import Flag, register
from liangxin.inspections.models import Rectification


@register(
    "inspections.rectification_overdue",
    "整改逾期",
    roles=("county_admin", "committee_staff", "auditor", "instructor"),
)
def rectifications_overdue(user):
    rows = (
        Rectification.objects.visible_to(user)
        .overdue()
        .order_by()
        .values("inspection__instructor_id", "inspection__instructor__name")
        .annotate(count=Count("pk"), oldest=Min("due_on"))
    )
    for r in rows:
        yield Flag(
            kind="inspections.rectification_overdue",
            label="整改逾期",
            detail=f"{r['count']} 项整改超过期限，最早应于 {r['oldest']:%Y-%m-%d} 完成",
            url="/inspections/?instructor={}".format(r["inspection__instructor_id"]),
            instructor_id=r["inspection__instructor_id"],
            instructor_name=r["inspection__instructor__name"],
            severity=2,
        )
