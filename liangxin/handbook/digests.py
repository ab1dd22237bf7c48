"""The handbook's parts of a report draft: entries written and problems handled."""

from django.db.models import Q

from liangxin.core import digests
from liangxin.handbook.models import HandbookEntry, Problem


@digests.register("handbook.entries", order=20)
def entries(instructor, start, end) -> digests.Part:
    rows = (
        HandbookEntry.objects.filter(instructor=instructor, date__range=(start, end))
        .select_related("organization")
        .order_by("date")
    )
    rows = list(rows)
    return digests.Part(
        f"工作手册：本期记录 {len(rows)} 条。",
        [
            f"{e.date:%m月%d日} {e.organization} {e.get_section_display()}：{e.title}"
            for e in rows
        ],
    )


@digests.register("handbook.problems", order=30)
def problems(instructor, start, end) -> digests.Part:
    rows = (
        Problem.objects.filter(instructor=instructor)
        .filter(Q(raised_on__range=(start, end)) | Q(resolved_on__range=(start, end)))
        .select_related("organization")
        .order_by("raised_on")
    )
    rows = list(rows)
    return digests.Part(
        f"问题和困难：本期涉及 {len(rows)} 个。",
        [
            f"{p.organization}：{p.description[:40]}（{p.get_status_display()}）"
            for p in rows
        ],
    )
