from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from liangxin.core.models import Role
from liangxin.core.views import render_kept
from liangxin.core.worklist import collectors_for, rank_instructors
from liangxin.dashboard import homes
from liangxin.dashboard import worklist as facts_worklist
from liangxin.dashboard.cockpit.views import can_view_cockpit, cockpit
from liangxin.dashboard.roles import WORKLIST_ROLES
from liangxin.dashboard.worklist import in_region
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
        body, build = role_home
        return render_kept(
            request,
            f"home:{user.role}",
            body,
            lambda: {"title": "工作台", **build(user)},
        )
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
    """Every flag the apps contribute for what this user may see, most serious first;
    filterable by kind, region and severity (the cockpit links here filtered), paged."""
    user = request.user
    if not user.has_role(*WORKLIST_ROLES):
        raise PermissionDenied("预警清单供管理人员和指导员使用。")
    known = {c.kind: c.label for c in collectors_for(user)}
    kind = request.GET.get("kind") or ""
    kind = kind if kind in known else ""
    severity = request.GET.get("severity") or ""
    severity = int(severity) if severity in ("1", "2", "3") else None
    region = request.GET.get("region") or ""
    region = region if len(region) == 6 and region.isdigit() else ""
    # managers rank instructors by the weight of their flags; an instructor reads their own
    # list flag by flag (a ranking of themselves would say nothing)
    ranks = user.role != Role.INSTRUCTOR
    by_instructor = ranks and request.GET.get("view") != "flags"
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "title": "预警清单",
        "known_kinds": sorted(known.items(), key=lambda kv: kv[1]),
        "kind": kind,
        "severity": severity,
        "region": region,
        "by_instructor": by_instructor,
        "ranks": ranks,
        "filters": query.urlencode(),
    }

    def build() -> dict:
        if facts_worklist.reads_facts(user):
            return _from_facts(request, ctx, known)
        if facts_worklist.reads_county_rows(user):
            return {**_from_facts(request, ctx, known), "facts_as_of": None}
        return _live(request, ctx, kind, severity, region, by_instructor)

    # kept whole at a county (core.views.render_kept); above it the page reads a summary
    return render_kept(request, "worklist", "dashboard/_worklist.html", build)


def _live(request, ctx, kind, severity, region, by_instructor) -> dict:
    """The page's context from the live flags of a county-level user (kept as a summary)."""
    user = request.user
    flags = facts_worklist.live_flags(user, kind)
    if region and not facts_worklist.region_covers(region, user):
        flags = in_region(flags, region)
    if severity:
        flags = [f for f in flags if f.severity == severity]
    items = rank_instructors(flags) if by_instructor else flags
    page_obj = Paginator(items, 50).get_page(request.GET.get("page"))
    return {
        **ctx,
        "flags": page_obj.object_list if not by_instructor else flags,
        "flag_count": len(flags),
        "kinds": flag_counts(flags),
        "ranked": page_obj.object_list if by_instructor else None,
        "page_obj": page_obj,
        "unranked": sum(1 for f in flags if f.instructor_id is None),
    }


def _from_facts(request, ctx, known) -> dict:
    """The same page from the open flag rows (above a county), paged in the database and
    kept as a summary."""
    by_instructor = ctx["by_instructor"]
    value = facts_worklist.fact_page(
        request.user,
        known,
        kind=ctx["kind"],
        severity=ctx["severity"],
        region=ctx["region"],
        by_instructor=by_instructor,
        number=facts_worklist.page_number(request.GET.get("page")),
    )
    return {
        **ctx,
        "flags": [] if by_instructor else value["items"],
        "flag_count": value["flag_count"],
        "kinds": value["kinds"],
        "ranked": value["items"] if by_instructor else None,
        "page_obj": facts_worklist.kept_page_obj(value),
        "facts_as_of": value["as_of"],
        "unranked": value["unranked"],
    }


def flag_counts(flags) -> list[tuple[str, int]]:
    """(label, number of flags) per kind, in the order the kinds first appear."""
    counts: dict[str, int] = {}
    for flag in flags:
        counts[flag.label] = counts.get(flag.label, 0) + 1
    return list(counts.items())
