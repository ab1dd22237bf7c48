"""Fieldwork's part of a report draft: the days on site."""

from liangxin.core import digests
from liangxin.fieldwork.models import Visit, VisitStatus


@digests.register("fieldwork.visits", order=10)
def visits(instructor, start, end) -> digests.Part:
    rows = list(
        Visit.objects.filter(instructor=instructor, date__range=(start, end))
        .exclude(status=VisitStatus.REJECTED)
        .select_related("organization")
        .order_by("date")
    )
    days = len({v.date for v in rows})
    return digests.Part(
        f"到岗情况：本期到组织工作 {days} 天，共 {len(rows)} 次。",
        [
            f"{v.date:%m月%d日} {v.organization}（{v.get_status_display()}）"
            for v in rows
        ],
    )
