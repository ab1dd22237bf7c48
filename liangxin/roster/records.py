"""The organization page's 派驻指导员 section: who is (and was) assigned, and the next step."""

from django.db.models import F
from django.urls import reverse

from liangxin.core.records import Row, Section, register
from liangxin.roster.models import Assignment


@register("orgs.organization", "assignments", order=0)
def organization_assignments(user, organization):
    if not user.has_perm("roster.view_assignment"):
        return None
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("instructor", "instructor__unit")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on")  # in post first
    )
    actions = []
    if user.has_perm("roster.add_assignment"):
        active = any(a.ended_on is None for a in assignments)
        actions.append(
            Row(
                text="调整派驻" if active else "派驻指导员",
                url=f"{reverse('roster:assign')}?organization={organization.pk}",
            )
        )
    return Section(
        key="assignments",
        title="派驻指导员",
        rows=[
            Row(
                text=f"{a.instructor}（{a.instructor.unit}）",
                url=a.instructor.get_absolute_url(),
                meta=f"{a.started_on:%Y-%m-%d} 至 "
                + (f"{a.ended_on:%Y-%m-%d}" if a.ended_on else "今"),
                badge="" if a.ended_on else "在岗",
                tone="success",
            )
            for a in assignments
        ],
        actions=actions,
        empty="尚未派驻指导员",
    )
