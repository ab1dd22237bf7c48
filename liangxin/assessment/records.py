"""The instructor's assessment results (scores, grades, the 考核表 PDF) on their page."""

from django.urls import reverse

from liangxin.assessment.models import Result
from liangxin.core.records import Row, Section, register


@register("roster.instructor", "results", order=50)
def instructor_results(user, instructor):
    if not user.has_perm("assessment.view_result"):
        return None
    results = (
        Result.objects.visible_to(user)
        .filter(instructor=instructor)
        .select_related("round")
        .order_by("-round__period_end", "-round_id")[:4]
    )
    rows, links = [], []
    for r in results:
        rows.append(
            Row(
                text=str(r.round),
                url=r.get_absolute_url(),
                meta=f"{r.total} 分" if r.total is not None else "",
                badge=r.get_grade_display() if r.grade else "未定等次",
                tone="success" if r.grade else "secondary",
            )
        )
        links.append(
            Row(
                text=f"{r.round} 考核表（PDF）",
                url=reverse("assessment:result_pdf", args=[r.pk]),
            )
        )
    return Section(
        key="results",
        title="考核结果",
        rows=rows,
        links=links[:1],
        more_url=f"{reverse('assessment:result_list')}?instructor={instructor.pk}",
    )
