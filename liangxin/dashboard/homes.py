"""Home pages of the people in the field: each shows the next thing that person has to do.

The county, committees, auditors and admins get the cockpit (dashboard/cockpit/); the
instructor, the organization's contact and the dispatching unit's liaison get a page built
here. Each builder takes the user and returns the context of its body template (BUILDERS);
every list is scoped with `visible_to` and bounded, so a home costs a fixed number of queries,
and the page keeps its body for the next view until the county records a write
(core.views.render_kept).
"""

from django.db.models import F
from django.utils import timezone

from liangxin.core.models import Role
from liangxin.duties.models import LeaveRequest
from liangxin.duties.models.conduct import LeaveStatus
from liangxin.duties.services import reports as report_services
from liangxin.facts.readers import instructor_month
from liangxin.fieldwork.compliance import instructor_compliance, monthly_compliance
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.fieldwork.services import confirm_within_days_for
from liangxin.handbook.models import Problem, ProblemStatus
from liangxin.roster.models import Assignment, Instructor

LIST_LIMIT = 20
OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


def home_for(user):
    """(body template, context builder) of this user's role home, or None for the cockpit
    roles."""
    if user.is_superuser:
        return None
    return BUILDERS.get(user.role)


def instructor_home(user) -> dict:
    today = timezone.localdate()
    ctx: dict = {"today": today}
    visits = Visit.objects.visible_to(user).select_related("organization")
    ctx["today_visits"] = list(visits.filter(date=today)[:10])
    pending = visits.pending().order_by("-date", "-id")
    ctx["pending_visits"] = list(pending[:LIST_LIMIT])
    ctx["pending_count"] = (  # counted only when the panel is full
        pending.count()
        if len(ctx["pending_visits"]) == LIST_LIMIT
        else len(ctx["pending_visits"])
    )
    ctx["assignments"] = list(
        Assignment.objects.visible_to(user)
        .active()
        .select_related("organization")
        .order_by("organization__name")[:50]
    )
    ctx["problems"] = list(
        Problem.objects.visible_to(user)
        .filter(status__in=OPEN_PROBLEM_STATUSES)
        .with_overdue(today)
        .select_related("organization")
        .order_by("raised_on", "id")[:LIST_LIMIT]
    )
    ctx["my_month"] = None
    ctx["due_reports"] = []
    if user.instructor_id:
        # the facts follow every service that changes the month; live if they lack it
        ctx["my_month"] = instructor_month(
            user.instructor_id, today.year, today.month
        ) or instructor_compliance(user.instructor_id, today.year, today.month)
        instructors = Instructor.objects.filter(pk=user.instructor_id).only(
            "pk", "name", "region_id", "appointed_on"
        )
        ctx["due_reports"] = [
            {
                "label": period.label,
                "due": due,
                "url": report_services.report_url(period),
            }
            for _instructor, period, due in report_services.missing_reports(
                instructors, today
            )
        ]
    return ctx


def contact_home(user) -> dict:
    visits = (
        Visit.objects.visible_to(user)
        .pending()
        .select_related("instructor")
        .order_by("date", "id")
    )
    days = confirm_within_days_for(user)
    return {
        "waiting": list(visits[:LIST_LIMIT]),
        "waiting_count": visits.count(),
        "confirm_within_days": days,
        "assignments": list(
            Assignment.objects.visible_to(user)
            .active()
            .select_related("instructor")[:10]
        ),
        # what the contact handled last first (a late confirmation of an old visit too)
        "recent": list(
            Visit.objects.visible_to(user)
            .exclude(status=VisitStatus.PENDING)
            .select_related("instructor")
            .order_by(F("confirmed_at").desc(nulls_last=True), "-date", "-id")[:5]
        ),
    }


def unit_home(user) -> dict:
    today = timezone.localdate()
    leave = (
        LeaveRequest.objects.visible_to(user)
        .filter(status=LeaveStatus.PENDING)
        .select_related("instructor")
        .order_by("start", "id")
    )
    return {
        "today": today,
        "months": monthly_compliance(user, today.year, today.month),
        "leave": list(leave[:LIST_LIMIT]),
        "leave_count": leave.count(),
    }


BUILDERS = {
    Role.INSTRUCTOR: ("dashboard/_home_instructor.html", instructor_home),
    Role.ORG_CONTACT: ("dashboard/_home_contact.html", contact_home),
    Role.UNIT_LIAISON: ("dashboard/_home_unit.html", unit_home),
}
