from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from liangxin.core.worklist import flags_for, rank_instructors
from liangxin.dashboard import homes
from liangxin.dashboard.cockpit.views import can_view_cockpit, cockpit
from liangxin.fieldwork.compliance import instructor_compliance
from liangxin.roster.models import Assignment


@login_required
def home(request):
    """The cockpit for county admins, committee staff, auditors and administrators; the
    personal desk for instructors, organization contacts and unit liaisons."""
    user = request.user
    if can_view_cockpit(user):
        return cockpit(request)
    role_home = homes.home_for(user)
    if role_home is not None:
        template, ctx = role_home
        return render(request, template, {"title": "工作台", **ctx})
    ctx = {"title": "工作台"}
    if (
        user.role == "instructor"
        or user.role == "org_contact"
        or user.role == "unit_liaison"
    ):
        ctx["assignments"] = (
            Assignment.objects.visible_to(user)
            .active()
            .select_related("organization", "instructor")[:50]
        )
    if user.role == "instructor" and user.instructor_id:
        today = timezone.localdate()
        ctx["my_month"] = instructor_compliance(
            user.instructor_id, today.year, today.month
        )
    return render(request, "dashboard/home.html", ctx)


@login_required
def worklist(request):
    """Every flag the apps contribute for what this user may see, most serious first."""
    flags = flags_for(request.user)
    by_instructor = request.GET.get("view") != "flags"
    return render(
        request,
        "dashboard/worklist.html",
        {
            "title": "预警清单",
            "flags": flags,
            "kinds": flag_counts(flags),
            "by_instructor": by_instructor,
            "ranked": rank_instructors(flags) if by_instructor else None,
        },
    )


def flag_counts(flags) -> list[tuple[str, int]]:
    """(label, number of flags) per kind, in the order the kinds first appear."""
    counts: dict[str, int] = {}
    for flag in flags:
        counts[flag.label] = counts.get(flag.label, 0) + 1
    return list(counts.items())
