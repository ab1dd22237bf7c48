"""Worklist flags of 用得好: overdue problems, organizations with no handbook entry lately."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse
from django.utils import timezone

from liangxin.core.worklist import Flag, register
from liangxin.handbook.models import HandbookEntry, Problem
from liangxin.roster.models import Assignment

STALE_AFTER_DAYS = 30


@register("handbook.problem_overdue", "问题逾期未办结")
def problems_overdue(user):
    rows = (
        Problem.objects.visible_to(user)
        .overdue()
        .order_by()
        .values("instructor_id", "instructor__name")
        .annotate(count=Count("pk"), oldest=Min("raised_on"))
    )
    url = reverse("handbook:problem_list")
    for r in rows:
        yield Flag(
            kind="handbook.problem_overdue",
            label="问题逾期未办结",
            detail=f"{r['count']} 个问题超过办理时限，最早于 {r['oldest']:%Y-%m-%d} 反映",
            url=f"{url}?overdue=1",
            instructor_id=r["instructor_id"],
            instructor_name=r["instructor__name"],
            severity=2,
        )


@register("handbook.stale", "工作手册久未记录")
def stale_handbooks(user):
    """Active postings older than 30 days with no handbook entry in the last 30 days."""
    since = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    recent = HandbookEntry.objects.filter(
        instructor=OuterRef("instructor"),
        organization=OuterRef("organization"),
        date__gte=since,
    )
    rows = (
        Assignment.objects.visible_to(user)
        .active()
        .filter(started_on__lt=since)
        .filter(~Exists(recent))
        .values(
            "instructor_id", "instructor__name", "organization_id", "organization__name"
        )
        .order_by("instructor__name", "organization__name")
    )
    # one reverse, not one per posting (a county has hundreds): the id is the path's last part
    url = reverse("handbook:organization", args=[0]).removesuffix("0/")
    for r in rows:
        yield Flag(
            kind="handbook.stale",
            label="工作手册久未记录",
            detail=f"{r['organization__name']}：近 {STALE_AFTER_DAYS} 天没有工作手册记录",
            url=f"{url}{r['organization_id']}/",
            instructor_id=r["instructor_id"],
            instructor_name=r["instructor__name"],
            organization_id=r["organization_id"],
            severity=1,
        )
