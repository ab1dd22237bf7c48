"""What a draft must say, computed straight from the apps' services for the same region and
period, and helpers to read a generated .docx."""

import io
import re

import docx
from django.db.models import Count, Q, Sum

from liangxin.assessment.models import PayoutLine, PayoutStatus, Result, Round
from liangxin.core import indicators
from liangxin.core.workcalendar import month_bounds
from liangxin.coverage.services import coverage_figures, coverage_trend
from liangxin.duties.models import Enrolment, TrainingEvent
from liangxin.fieldwork.compliance import region_compliance, required_days
from liangxin.inspections.models import Inspection, Rectification
from liangxin.orgs.models import Organization, OrgStatus
from liangxin.roster.models import Instructor

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def fill_text(text: str, values: dict) -> str:
    return PLACEHOLDER.sub(
        lambda m: (
            values[m.group(1)]
            if values.get(m.group(1)) is not None
            else f"【待补充：{m.group(1)}】"
        ),
        text,
    )


def pct(part, whole):
    return f"{part * 100 / whole:.1f}%" if whole else None


def summary_figures(region, start, end, day) -> dict:
    """The work summary's figures, each from the service that owns it."""
    prefix = region.prefix
    f = {}
    active = Instructor.objects.filter(region__code__startswith=prefix, status="active")
    f["指导员人数"] = str(active.count())
    f["退出领导岗位干部人数"] = str(active.filter(source="retired_leader").count())
    f["在职年轻干部人数"] = str(active.filter(source="young_cadre").count())
    f["专职招聘人员人数"] = str(active.filter(source="full_time_hire").count())
    f["派出单位数"] = str(len({u for u in active.values_list("unit", flat=True) if u}))
    orgs = Organization.objects.filter(
        region__code__startswith=prefix, status=OrgStatus.ACTIVE
    ).with_coverage()
    cov = coverage_figures(orgs)
    f["在营组织数"] = str(cov.total)
    f["已派指导员组织数"] = str(cov.with_instructor)
    f["指导员覆盖率"] = (
        f"{cov.instructor_rate:.1f}%" if cov.instructor_rate is not None else None
    )
    f["每月最低到岗天数"] = str(required_days({region.code}, start.year)[region.code])
    months = [
        m
        for m in range(start.month, end.month + 1)
        if month_bounds(start.year, m)[1] < day
    ]
    rows = [r for m in months for r in region_compliance(region.code, start.year, m)]
    f["统计月数"] = str(len(months)) if months else None
    f["累计到岗天数"] = str(sum(r.confirmed_days for r in rows)) if rows else None
    f["人均月到岗天数"] = (
        f"{sum(r.confirmed_days for r in rows) / len(rows):.1f}" if rows else None
    )
    f["到岗达标率"] = pct(sum(r.met for r in rows), len(rows))
    events = TrainingEvent.objects.filter(
        region__code__startswith=prefix, date__gte=start, date__lte=end
    )
    f["培训次数"] = str(events.count())
    hours = events.aggregate(h=Sum("hours"))["h"] or 0
    f["培训总学时"] = str(int(hours)) if hours == int(hours) else f"{hours:.1f}"
    f["参训人次"] = str(
        Enrolment.objects.filter(event__in=events, attended=True).count()
    )
    active_ids = list(active.values_list("pk", flat=True))
    per = indicators.compute("duties.training_hours", active_ids, start, end)
    f["人均培训学时"] = (
        f"{sum(float(v) for v in per.values()) / len(active_ids):.1f}"
        if active_ids
        else None
    )
    all_ids = list(
        Instructor.objects.filter(region__code__startswith=prefix).values_list(
            "pk", flat=True
        )
    )
    for name, key in (
        ("手册记录条数", "handbook.entries"),
        ("收集问题困难数", "handbook.problems_raised"),
        ("解决问题数", "handbook.problems_resolved"),
    ):
        f[name] = str(int(sum(indicators.compute(key, all_ids, start, end).values())))
    trend = (
        [
            t
            for t in coverage_trend(orgs, start.year, through_month=months[-1])
            if t["month"] in months
        ]
        if months
        else []
    )
    for label, key in (("组织", "organization_rate"), ("工作", "work_rate")):
        first = trend[0][key] if trend else None
        last = trend[-1][key] if trend else None
        f[f"期初{label}覆盖率"] = None if first is None else f"{first:.1f}%"
        f[f"期末{label}覆盖率"] = None if last is None else f"{last:.1f}%"
        if first is None or last is None:
            f[f"{label}覆盖率变化"] = None
        else:
            diff = round(last - first, 1)
            f[f"{label}覆盖率变化"] = (
                "持平"
                if diff == 0
                else f"{'提高' if diff > 0 else '下降'}{abs(diff):.1f}个百分点"
            )
    f["新建党组织数"] = str(sum(t["founded"] for t in trend)) if trend else None
    inspections = Inspection.objects.filter(
        region__code__startswith=prefix, date__gte=start, date__lte=end
    )
    f["督查检查次数"] = str(inspections.count())
    for kind, name in (
        ("field", "实地调研次数"),
        ("phone", "电话调查次数"),
        ("open", "明查次数"),
        ("covert", "暗访次数"),
        ("handbook", "手册抽查次数"),
    ):
        f[name] = str(inspections.filter(kind=kind).count())
    f["发现问题次数"] = str(inspections.exclude(issues="").count())
    rect = Rectification.objects.filter(inspection__in=inspections)
    f["整改事项数"] = str(rect.count())
    f["已完成整改数"] = str(rect.filter(closed_on__isnull=False).count())
    rnd = (
        Round.objects.filter(
            region__code__startswith=prefix,
            status__in=["published", "locked"],
            period_end__gte=start,
            period_end__lte=end,
        )
        .order_by("-period_end", "-id")
        .first()
    )
    f["考核名称"] = rnd.name if rnd else None
    grades = (
        dict(
            Result.objects.filter(round=rnd)
            .values_list("grade")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if rnd
        else {}
    )
    for grade, name in (
        ("excellent", "优秀人数"),
        ("competent", "称职人数"),
        ("basic", "基本称职人数"),
        ("unqualified", "不称职人数"),
    ):
        f[name] = str(grades.get(grade, 0)) if rnd else None
    paid = PayoutLine.objects.filter(
        Q(batch__isnull=True) | Q(batch__status=PayoutStatus.PAID),
        sheet__region__code__startswith=prefix,
        sheet__status=PayoutStatus.PAID,
        sheet__period_end__gte=start,
        sheet__period_end__lte=end,
    )
    f["补贴发放总额"] = (
        f"{paid.aggregate(t=Sum('amount'))['t']:.2f}" if paid.exists() else None
    )
    return f


def is_block(text: str) -> bool:
    m = PLACEHOLDER.fullmatch(text.strip())
    return bool(m) and m.group(1).startswith(("表格：", "图表："))


def body_paragraphs(doc) -> list[tuple[str, str]]:
    """(style, text) of the document's text paragraphs, without pictures and table gaps."""
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.text and not p.text.startswith(("【待补充：表格：", "【待补充：图表："))
    ]


def expected_paragraphs(template: list[tuple[str, str]], values: dict):
    return [
        (style, fill_text(text, values))
        for style, text in template
        if not is_block(text)
    ]
