"""工作总结: the five mechanisms of a region's instructor program over a year or half-year.

Every figure comes from the apps' own services, indicators and coverage functions for the
region (code prefix) and period, so the draft says what the pages say.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from liangxin.assessment.models import (
    Grade,
    PayoutLine,
    PayoutStatus,
    Result,
    Round,
)
from liangxin.assessment.models.round import VISIBLE_TO_ASSESSED
from liangxin.core import indicators
from liangxin.core.models import Region
from liangxin.core.models.region import region_prefix
from liangxin.coverage.services import coverage_figures, coverage_trend
from liangxin.documents import charts
from liangxin.documents.content.base import (
    COMMON_PLACEHOLDERS,
    Chart,
    Content,
    Table,
    common_figures,
    money,
    number,
    percent,
)
from liangxin.documents.periods import Period
from liangxin.duties.models import Enrolment, TrainingEvent
from liangxin.fieldwork.compliance import region_compliance, required_days
from liangxin.inspections.models import Inspection, Kind, Rectification
from liangxin.orgs.models import Organization, OrgStatus
from liangxin.roster.models import Instructor, InstructorSource, InstructorStatus

#: every placeholder of the work summary, with what it means (the template page lists them)
PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    "期间": "总结期间，如 2026年、2026年上半年",
    "指导员人数": "在岗指导员人数",
    "退出领导岗位干部人数": "来源为退出领导岗位干部的在岗指导员人数",
    "在职年轻干部人数": "来源为在职年轻干部的在岗指导员人数",
    "专职招聘人员人数": "来源为专职招聘人员的在岗指导员人数",
    "派出单位数": "在岗指导员的派出单位数",
    "在营组织数": "在营两新组织数",
    "已派指导员组织数": "派有在岗指导员的在营组织数",
    "指导员覆盖率": "已派指导员组织数 ÷ 在营组织数",
    "每月最低到岗天数": "县里规定的每月最低到岗天数",
    "统计月数": "期间内已统计的月数",
    "累计到岗天数": "期间内各指导员经确认的到岗天数之和（同一天只计一次）",
    "人均月到岗天数": "累计到岗天数 ÷ 指导员月数",
    "到岗达标率": "达到每月最低天数的指导员月数 ÷ 指导员月数",
    "培训次数": "期间内举办的培训次数",
    "培训总学时": "期间内各次培训学时之和",
    "参训人次": "期间内培训签到人次",
    "人均培训学时": "在岗指导员期间内参训学时的平均数",
    "手册记录条数": "期间内工作手册记录条数",
    "收集问题困难数": "期间内指导员收集的问题和困难数",
    "解决问题数": "期间内办结的问题和困难数",
    "期初组织覆盖率": "期间第一个已统计月份的组织覆盖率",
    "期末组织覆盖率": "期间最后一个已统计月份的组织覆盖率",
    "期初工作覆盖率": "期间第一个已统计月份的工作覆盖率",
    "期末工作覆盖率": "期间最后一个已统计月份的工作覆盖率",
    "组织覆盖率变化": "期末较期初：提高／下降 N 个百分点，或持平",
    "工作覆盖率变化": "期末较期初：提高／下降 N 个百分点，或持平",
    "新建党组织数": "期间内新成立的党组织数",
    "督查检查次数": "期间内各类督查检查次数",
    "实地调研次数": "实地调研次数",
    "电话调查次数": "电话调查次数",
    "明查次数": "明查次数",
    "暗访次数": "暗访次数",
    "手册抽查次数": "手册抽查次数",
    "发现问题次数": "记录了发现问题的检查次数",
    "整改事项数": "期间内检查提出的整改事项数",
    "已完成整改数": "其中已完成整改的事项数",
    "考核名称": "期间内最近一次已公布考核的名称",
    "优秀人数": "评为优秀的人数",
    "称职人数": "评为称职的人数",
    "基本称职人数": "评为基本称职的人数",
    "不称职人数": "评为不称职的人数",
    "补贴发放总额": "期间内已发放的补贴总额（元）",
    "表格：指导员来源": "指导员来源构成表",
    "表格：逐月到岗": "逐月到岗情况表",
    "表格：考核等次": "考核等次分布表",
    "图表：逐月到岗": "逐月到岗达标率柱状图",
    "图表：两个覆盖": "两个覆盖逐月趋势折线图",
}

KIND_FIGURES = {
    Kind.FIELD: "实地调研次数",
    Kind.PHONE: "电话调查次数",
    Kind.OPEN: "明查次数",
    Kind.COVERT: "暗访次数",
    Kind.HANDBOOK: "手册抽查次数",
}
SOURCE_FIGURES = {
    InstructorSource.RETIRED_LEADER: "退出领导岗位干部人数",
    InstructorSource.YOUNG_CADRE: "在职年轻干部人数",
    InstructorSource.FULL_TIME: "专职招聘人员人数",
}
GRADE_FIGURES = {
    Grade.EXCELLENT: "优秀人数",
    Grade.COMPETENT: "称职人数",
    Grade.BASIC: "基本称职人数",
    Grade.UNQUALIFIED: "不称职人数",
}


def in_region(model, region: Region, field: str = "region"):
    return model.objects.filter(
        **{f"{field}__code__startswith": region_prefix(region.code)}
    )


def build(region: Region, period: Period, *, day: datetime.date) -> Content:
    content = Content(
        title=f"{region.name}{period.label}两新组织党建工作指导员工作总结",
        filename=f"{region.name}{period.label}指导员工作总结",
    )
    figures = content.figures
    figures.update(common_figures(region, day))
    figures["期间"] = period.label
    _selection(content, region)
    _on_site(content, region, period, day)
    _training_and_handbook(content, region, period)
    _coverage(content, region, period, day)
    _inspections(content, region, period)
    _assessment(content, region, period)
    missing = set(PLACEHOLDERS) - content.names()
    assert not missing, f"placeholders without a value: {missing}"
    return content


def _selection(content: Content, region: Region) -> None:
    figures = content.figures
    active = in_region(Instructor, region).filter(status=InstructorStatus.ACTIVE)
    by_source = dict(
        active.order_by()
        .values_list("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    total = sum(by_source.values())
    figures["指导员人数"] = number(total)
    for source, name in SOURCE_FIGURES.items():
        figures[name] = number(by_source.get(source, 0))
    figures["派出单位数"] = number(
        active.exclude(unit=None).values("unit").distinct().count()
    )
    content.tables["指导员来源"] = (
        Table(
            "指导员来源构成",
            ["来源", "人数", "占比"],
            [
                [
                    label,
                    str(by_source.get(value, 0)),
                    percent(by_source.get(value, 0), total),
                ]
                for value, label in InstructorSource.choices
            ]
            + [["合计", str(total), "100.0%"]],
        )
        if total
        else None
    )
    orgs = in_region(Organization, region).filter(status=OrgStatus.ACTIVE)
    cov = coverage_figures(orgs.with_coverage())
    figures["在营组织数"] = number(cov.total)
    figures["已派指导员组织数"] = number(cov.with_instructor)
    figures["指导员覆盖率"] = percent(cov.with_instructor, cov.total)


def _on_site(content: Content, region: Region, period: Period, day) -> None:
    figures = content.figures
    months = period.months(day)
    figures["每月最低到岗天数"] = number(
        required_days({region.code}, period.year).get(region.code)
    )
    figures["统计月数"] = number(len(months)) if months else None
    rows, labels, rates = [], [], []
    instructor_months = met = days = 0
    for year, month in months:
        month_rows = region_compliance(region.code, year, month)
        n_met = sum(r.met for r in month_rows)
        n_days = sum(r.confirmed_days for r in month_rows)
        instructor_months += len(month_rows)
        met += n_met
        days += n_days
        labels.append(f"{month}月")
        rates.append(n_met * 100 / len(month_rows) if month_rows else None)
        rows.append(
            [
                f"{month}月",
                str(len(month_rows)),
                f"{n_days / len(month_rows):.1f}" if month_rows else "—",
                percent(n_met, len(month_rows)) or "—",
            ]
        )
    figures["累计到岗天数"] = number(days) if instructor_months else None
    figures["人均月到岗天数"] = (
        f"{days / instructor_months:.1f}" if instructor_months else None
    )
    figures["到岗达标率"] = percent(met, instructor_months)
    content.tables["逐月到岗"] = (
        Table("逐月到岗情况", ["月份", "指导员人数", "人均到岗天数", "达标率"], rows)
        if instructor_months
        else None
    )
    content.charts["逐月到岗"] = (
        Chart(
            f"{region.name}{period.label}逐月到岗达标率",
            charts.monthly_rates(labels, rates, "到岗达标率"),
        )
        if instructor_months
        else None
    )


def _training_and_handbook(content: Content, region: Region, period: Period) -> None:
    figures = content.figures
    events = in_region(TrainingEvent, region).filter(
        date__gte=period.start, date__lte=period.end
    )
    agg = events.aggregate(n=Count("pk"), hours=Sum("hours"))
    figures["培训次数"] = number(agg["n"])
    figures["培训总学时"] = number(agg["hours"] or 0)
    figures["参训人次"] = number(
        Enrolment.objects.filter(event__in=events, attended=True).count()
    )
    all_ids = list(in_region(Instructor, region).values_list("pk", flat=True))
    active_ids = list(
        in_region(Instructor, region)
        .filter(status=InstructorStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    hours = indicators.compute(
        "duties.training_hours", active_ids, period.start, period.end
    )
    figures["人均培训学时"] = (
        f"{sum(Decimal(str(v)) for v in hours.values()) / len(active_ids):.1f}"
        if active_ids
        else None
    )

    def total(name: str) -> int:
        return int(
            sum(indicators.compute(name, all_ids, period.start, period.end).values())
        )

    figures["手册记录条数"] = number(total("handbook.entries"))
    figures["收集问题困难数"] = number(total("handbook.problems_raised"))
    figures["解决问题数"] = number(total("handbook.problems_resolved"))


def _coverage(content: Content, region: Region, period: Period, day) -> None:
    figures = content.figures
    months = [m for _, m in period.months(day)]
    orgs = in_region(Organization, region).filter(status=OrgStatus.ACTIVE)
    trend = (
        coverage_trend(orgs.with_coverage(), period.year, through_month=months[-1])
        if months
        else []
    )
    trend = [t for t in trend if t["month"] in months]
    first, last = (trend[0], trend[-1]) if trend else ({}, {})

    def rate(row, key):
        return None if row.get(key) is None else f"{row[key]:.1f}%"

    figures["期初组织覆盖率"] = rate(first, "organization_rate")
    figures["期末组织覆盖率"] = rate(last, "organization_rate")
    figures["期初工作覆盖率"] = rate(first, "work_rate")
    figures["期末工作覆盖率"] = rate(last, "work_rate")
    figures["组织覆盖率变化"] = change(first, last, "organization_rate")
    figures["工作覆盖率变化"] = change(first, last, "work_rate")
    figures["新建党组织数"] = (
        number(sum(t["founded"] for t in trend)) if trend else None
    )
    content.charts["两个覆盖"] = (
        Chart(
            f"{region.name}{period.label}两个覆盖逐月趋势",
            charts.coverage_lines(
                [f"{t['month']}月" for t in trend],
                {
                    "组织覆盖率": [t["organization_rate"] for t in trend],
                    "工作覆盖率": [t["work_rate"] for t in trend],
                },
            ),
        )
        if trend and first.get("total")
        else None
    )


def change(first: dict, last: dict, key: str) -> str | None:
    if first.get(key) is None or last.get(key) is None:
        return None
    points = round(last[key] - first[key], 1)
    if points == 0:
        return "持平"
    return f"{'提高' if points > 0 else '下降'}{abs(points):.1f}个百分点"


def _inspections(content: Content, region: Region, period: Period) -> None:
    figures = content.figures
    inspections = in_region(Inspection, region).filter(
        date__gte=period.start, date__lte=period.end
    )
    by_kind = dict(inspections.order_by().values_list("kind").annotate(n=Count("pk")))
    figures["督查检查次数"] = number(sum(by_kind.values()))
    for kind, name in KIND_FIGURES.items():
        figures[name] = number(by_kind.get(kind, 0))
    figures["发现问题次数"] = number(inspections.exclude(issues="").count())
    rect = Rectification.objects.filter(inspection__in=inspections).aggregate(
        n=Count("pk"), closed=Count("pk", filter=Q(closed_on__isnull=False))
    )
    figures["整改事项数"] = number(rect["n"])
    figures["已完成整改数"] = number(rect["closed"])


def last_published_round(region: Region, period: Period) -> Round | None:
    return (
        in_region(Round, region)
        .filter(
            status__in=VISIBLE_TO_ASSESSED,
            period_end__gte=period.start,
            period_end__lte=period.end,
        )
        .order_by("-period_end", "-id")
        .first()
    )


def grade_counts(rnd: Round) -> dict[str, int]:
    return dict(
        Result.objects.filter(round=rnd)
        .exclude(grade="")
        .order_by()
        .values_list("grade")
        .annotate(n=Count("pk"))
    )


def _assessment(content: Content, region: Region, period: Period) -> None:
    figures = content.figures
    rnd = last_published_round(region, period)
    counts = grade_counts(rnd) if rnd else {}
    figures["考核名称"] = rnd.name if rnd else None
    for grade, name in GRADE_FIGURES.items():
        figures[name] = number(counts.get(grade, 0)) if rnd else None
    graded = sum(counts.values())
    content.tables["考核等次"] = (
        Table(
            f"{rnd.name}等次分布",
            ["等次", "人数", "占比"],
            [
                [
                    label,
                    str(counts.get(value, 0)),
                    percent(counts.get(value, 0), graded),
                ]
                for value, label in Grade.choices
            ],
        )
        if rnd and graded
        else None
    )
    paid = paid_lines(region).filter(
        sheet__period_end__gte=period.start, sheet__period_end__lte=period.end
    )
    total = paid.aggregate(total=Sum("amount"))["total"]
    figures["补贴发放总额"] = money(total) if paid.exists() else None


def paid_lines(region: Region):
    """Lines actually paid: of paid sheets, adjustment lines only once their batch is paid."""
    return in_region(PayoutLine, region, "sheet__region").filter(
        Q(batch__isnull=True) | Q(batch__status=PayoutStatus.PAID),
        sheet__status=PayoutStatus.PAID,
    )
