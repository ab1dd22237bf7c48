"""Sections of 用得好 on the instructor and organization pages: handbook and problems."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.records import Row, Section, register
from liangxin.handbook.models import HandbookEntry, Problem, ProblemStatus

LIMIT = 6
OPEN = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


def _entries(user, **subject):
    entries = (
        HandbookEntry.objects.visible_to(user)
        .filter(**subject)
        .select_related("organization")
        .order_by("-date", "-id")[:LIMIT]
    )
    return [
        Row(
            text=e.title,
            url=e.get_absolute_url(),
            meta=f"{e.date:%Y-%m-%d}",
            badge=e.get_section_display(),
        )
        for e in entries
    ]


def _problems(user, **subject):
    problems = (
        Problem.objects.visible_to(user)
        .filter(status__in=OPEN, **subject)
        .order_by("raised_on", "id")[:LIMIT]
    )
    return [
        Row(
            text=p.description[:40],
            url=p.get_absolute_url(),
            meta=f"{p.raised_on:%Y-%m-%d} 反映",
            badge=p.get_status_display(),
            tone="warning",
        )
        for p in problems
    ]


@register("roster.instructor", "handbook", order=20)
def instructor_handbook(user, instructor):
    if not user.has_perm("handbook.view_handbookentry"):
        return None
    year = timezone.localdate().year
    links = [
        Row(
            text=f"{y}年度工作手册（PDF）",
            url=reverse("handbook:pdf", args=[instructor.pk, y]),
        )
        for y in (year, year - 1)
    ]
    return Section(
        key="handbook",
        title="工作手册",
        rows=_entries(user, instructor=instructor),
        more_url=f"{reverse('handbook:entry_list')}?instructor={instructor.pk}",
        links=links,
    )


@register("roster.instructor", "problems", order=25)
def instructor_problems(user, instructor):
    if not user.has_perm("handbook.view_problem"):
        return None
    return Section(
        key="problems",
        title="办理中的问题和困难",
        rows=_problems(user, instructor=instructor),
        more_url=f"{reverse('handbook:problem_list')}?instructor={instructor.pk}",
        empty="没有待办的问题",
    )


@register("orgs.organization", "handbook", order=30)
def organization_handbook(user, organization):
    if not user.has_perm("handbook.view_handbookentry"):
        return None
    return Section(
        key="handbook",
        title="工作手册记录",
        rows=_entries(user, organization=organization)
        + _problems(user, organization=organization),
        more_url=reverse("handbook:organization", args=[organization.pk]),
        links=[
            Row(
                text="本组织的工作手册（四个部分）",
                url=reverse("handbook:organization", args=[organization.pk]),
            )
        ],
    )
