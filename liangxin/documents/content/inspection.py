"""督查通报 for one inspection round (an inspection plan and the inspections that followed it).

The round's inspections are those of the plan's drawn instructors dated from the plan's day
up to the day before the region's next plan (or today). 暗访 stays secret: covert inspections
appear only as a count, never with a name, an organization, a finding or a rectification item,
unless the county has published a 通报 naming the instructor — then the notice says what the
county chose to say, in its own words.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from liangxin.documents.content.base import (
    COMMON_PLACEHOLDERS,
    Content,
    Table,
    common_figures,
    date_text,
    number,
)
from liangxin.duties.models import Notice, NoticeKind, NoticeStatus
from liangxin.inspections.models import Inspection, InspectionPlan, Kind, Rectification
from liangxin.roster.models import Instructor

PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    "督查名称": "督查计划名称",
    "督查开始日期": "本轮第一次检查日期",
    "督查结束日期": "本轮最后一次检查日期",
    "抽查指导员人数": "督查计划抽取的指导员人数",
    "检查次数": "本轮检查次数（含暗访）",
    "暗访次数": "本轮暗访次数（只公布次数）",
    "发现问题次数": "记录了发现问题的检查次数（不含未公布的暗访）",
    "整改事项数": "本轮提出的整改事项数（不含未公布的暗访）",
    "已完成整改数": "其中已完成整改的事项数",
    "通报表扬": "县里已发布表扬通报的指导员姓名",
    "通报批评": "县里已发布批评通报的指导员姓名",
    "表格：检查方式": "按检查方式统计的检查次数和发现问题次数",
    "表格：发现问题": "检查发现的问题（不含未公布的暗访）",
    "表格：整改期限": "整改事项、责任人和整改期限",
}


def round_window(plan: InspectionPlan) -> tuple[datetime.date, datetime.date]:
    start = timezone.localdate(plan.created_at)
    following = (
        InspectionPlan.objects.filter(
            region=plan.region, created_at__gt=plan.created_at
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    end = (
        timezone.localdate(following) - datetime.timedelta(days=1)
        if following
        else timezone.localdate()
    )
    return start, max(start, end)


def published_notices(region_id: str, instructor_ids, start, end):
    return (
        Notice.objects.filter(
            region_id=region_id,
            status=NoticeStatus.PUBLISHED,
            instructors__in=instructor_ids,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .distinct()
        .prefetch_related("instructors")
    )


def build(plan: InspectionPlan, *, day: datetime.date) -> Content:
    region = plan.region
    start, end = round_window(plan)
    drawn = [int(pk) for pk in plan.result]
    content = Content(
        title=f"关于{plan.name}情况的通报",
        filename=f"{region.name}{plan.name}督查通报",
    )
    figures = content.figures
    figures.update(common_figures(region, day))
    figures["督查名称"] = plan.name
    figures["抽查指导员人数"] = number(len(drawn))
    inspections = Inspection.objects.filter(
        region=region, instructor_id__in=drawn, date__gte=start, date__lte=end
    )
    notices = list(published_notices(region.code, drawn, start, end))
    named = {i.pk for n in notices for i in n.instructors.all()}
    # covert findings appear only for instructors the county has named in a published notice
    shown = inspections.filter(~Q(kind=Kind.COVERT) | Q(instructor_id__in=named))
    dates = sorted(inspections.values_list("date", flat=True))
    figures["督查开始日期"] = date_text(dates[0]) if dates else None
    figures["督查结束日期"] = date_text(dates[-1]) if dates else None
    by_kind = dict(inspections.order_by().values_list("kind").annotate(n=Count("pk")))
    issues_by_kind = dict(
        shown.exclude(issues="").order_by().values_list("kind").annotate(n=Count("pk"))
    )
    figures["检查次数"] = number(sum(by_kind.values()))
    figures["暗访次数"] = number(by_kind.get(Kind.COVERT, 0))
    figures["发现问题次数"] = number(sum(issues_by_kind.values()))
    content.tables["检查方式"] = (
        Table(
            "按检查方式统计",
            ["检查方式", "检查次数", "发现问题"],
            [
                [
                    label,
                    str(by_kind.get(value, 0)),
                    "—"
                    if value == Kind.COVERT and not named
                    else str(issues_by_kind.get(value, 0)),
                ]
                for value, label in Kind.choices
                if by_kind.get(value)
            ],
        )
        if by_kind
        else None
    )
    found = list(
        shown.exclude(issues="")
        .select_related("instructor", "organization")
        .order_by("date", "id")
    )
    content.tables["发现问题"] = (
        Table(
            "检查发现的问题",
            ["日期", "方式", "指导员", "组织", "发现问题"],
            [
                [
                    i.date.strftime("%m-%d"),
                    i.get_kind_display(),
                    i.instructor.name,
                    i.organization.name if i.organization else "",
                    i.issues,
                ]
                for i in found
            ],
        )
        if found
        else None
    )
    rectifications = list(
        Rectification.objects.filter(inspection__in=shown)
        .select_related("inspection__instructor")
        .order_by("due_on", "id")
    )
    figures["整改事项数"] = number(len(rectifications))
    figures["已完成整改数"] = number(
        sum(r.closed_on is not None for r in rectifications)
    )
    content.tables["整改期限"] = (
        Table(
            "整改事项和期限",
            ["指导员", "整改事项", "责任人", "整改期限", "完成情况"],
            [
                [
                    r.inspection.instructor.name,
                    r.description,
                    r.owner,
                    date_text(r.due_on),
                    date_text(r.closed_on) if r.closed_on else "未完成",
                ]
                for r in rectifications
            ],
        )
        if rectifications
        else None
    )
    names = dict(Instructor.objects.filter(pk__in=drawn).values_list("pk", "name"))
    for kind, name in (
        (NoticeKind.COMMENDATION, "通报表扬"),
        (NoticeKind.CRITICISM, "通报批评"),
    ):
        people = sorted(
            {
                names[i.pk]
                for n in notices
                if n.kind == kind
                for i in n.instructors.all()
                if i.pk in names
            }
        )
        figures[name] = "、".join(people) if people else "无"
    missing = set(PLACEHOLDERS) - content.names()
    assert not missing, f"placeholders without a value: {missing}"
    return content
