"""Sections of the duties on the instructor page: reports, trainings, the 履职档案 PDF."""

from django.urls import reverse
from django.utils import timezone

from liangxin.core.records import Row, Section, register
from liangxin.duties.models import RegularReport, TrainingEvent

LIMIT = 6


@register("roster.instructor", "reports", order=30)
def instructor_reports(user, instructor):
    if not user.has_perm("duties.view_regularreport"):
        return None
    reports = (
        RegularReport.objects.visible_to(user)
        .filter(instructor=instructor)
        .order_by("-period_start", "-id")[:LIMIT]
    )
    return Section(
        key="reports",
        title="定期汇报",
        rows=[
            Row(
                text=f"{r.period_start:%Y年%m月}起汇报",
                url=r.get_absolute_url(),
                badge=r.get_status_display(),
                tone="success" if r.status == "accepted" else "secondary",
            )
            for r in reports
        ],
        more_url=f"{reverse('duties:report_list')}?instructor={instructor.pk}",
    )


@register("roster.instructor", "trainings", order=40)
def instructor_trainings(user, instructor):
    if not user.has_perm("duties.view_trainingevent"):
        return None
    events = (
        TrainingEvent.objects.visible_to(user)
        .filter(enrolments__instructor=instructor, enrolments__attended=True)
        .order_by("-date", "-id")[:LIMIT]
    )
    return Section(
        key="trainings",
        title="参加培训",
        rows=[
            Row(
                text=e.title,
                url=e.get_absolute_url(),
                meta=f"{e.date:%Y-%m-%d} · {e.hours} 学时",
            )
            for e in events
        ],
        more_url=reverse("duties:training_hours"),
    )


@register("roster.instructor", "record", order=5)
def instructor_record(user, instructor):
    """The year's 履职档案 as PDF, for those who may print it."""
    if not user.has_perm("duties.view_dutyreport"):
        return None
    year = timezone.localdate().year
    return Section(
        key="record",
        title="履职档案",
        links=[
            Row(
                text=f"{y}年度履职档案（PDF）",
                url=reverse("duties:instructor_record", args=[instructor.pk, y]),
            )
            for y in (year, year - 1)
        ],
        empty="",
    )
