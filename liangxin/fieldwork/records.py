"""Sections of 沉得下 on the instructor and organization pages: the month and the visits."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.records import Row, Section, register
from liangxin.fieldwork.compliance import can_view_compliance, instructor_compliance
from liangxin.fieldwork.models import Visit, VisitStatus

TONES = {
    VisitStatus.CONFIRMED: "success",
    VisitStatus.PENDING: "warning",
    VisitStatus.AWAITING_APPROVAL: "warning",
}
LIMIT = 8


def _rows(visits, *, by_instructor: bool) -> list[Row]:
    return [
        Row(
            text=str(v.instructor if by_instructor else v.organization),
            url=v.get_absolute_url(),
            meta=f"{v.date:%Y-%m-%d}",
            badge=v.get_status_display(),
            tone=TONES.get(v.status, "danger"),
        )
        for v in visits
    ]


@register("roster.instructor", "visits", order=10)
def instructor_visits(user, instructor):
    if not user.has_perm("fieldwork.view_visit"):
        return None
    visits = (
        Visit.objects.visible_to(user)
        .filter(instructor=instructor)
        .select_related("organization")
        .order_by("-date", "-id")[:LIMIT]
    )
    summary = ""
    if can_view_compliance(user):
        today = timezone.localdate()
        month = instructor_compliance(instructor.pk, today.year, today.month)
        if month is not None:
            summary = f"本月已到岗 {month.confirmed_days} 天" + (
                "，已达标" if month.met else f"，还差 {month.shortfall} 天"
            )
    return Section(
        key="visits",
        title="到岗记录",
        summary=summary,
        rows=_rows(visits, by_instructor=False),
        more_url=f"{reverse('fieldwork:visit_list')}?instructor={instructor.pk}",
    )


@register("orgs.organization", "visits", order=20)
def organization_visits(user, organization):
    if not user.has_perm("fieldwork.view_visit"):
        return None
    visits = (
        Visit.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("instructor")
        .order_by("-date", "-id")[:LIMIT]
    )
    return Section(
        key="visits",
        title="指导员到岗记录",
        rows=_rows(visits, by_instructor=True),
        more_url=f"{reverse('fieldwork:visit_list')}?organization={organization.pk}",
    )
