"""考核结果通报 for a published assessment round: grades, the 优秀 list, allowances by unit."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from liangxin.assessment.models import (
    Grade,
    PayoutLine,
    PayoutSheet,
    Result,
    Round,
)
from liangxin.assessment.models.round import VISIBLE_TO_ASSESSED
from liangxin.core.services import ServiceError
from liangxin.documents import charts
from liangxin.documents.content.base import (
    COMMON_PLACEHOLDERS,
    Chart,
    Content,
    Table,
    common_figures,
    date_text,
    money,
    number,
    percent,
)
from liangxin.documents.content.summary import GRADE_FIGURES, paid_lines

PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    "考核名称": "考核轮次名称",
    "考核期开始": "考核期开始日期",
    "考核期结束": "考核期结束日期",
    "公布日期": "考核结果公布日期",
    "参加考核人数": "有考核结果的指导员人数",
    "优秀人数": "评为优秀的人数",
    "称职人数": "评为称职的人数",
    "基本称职人数": "评为基本称职的人数",
    "不称职人数": "评为不称职的人数",
    "优秀名单": "评为优秀的指导员姓名（按名次）",
    "补贴总额": "依据本次考核计算的补贴总额（元）",
    "表格：考核等次": "考核等次分布表",
    "表格：考核结果": "每名指导员的得分、名次和等次",
    "表格：补贴汇总": "按派出单位汇总的补贴金额",
    "图表：考核等次": "考核等次分布柱状图",
}
NOT_PUBLISHED = "只能为已公布的考核轮次起草考核结果通报。"


def _lines(rnd: Round):
    """The allowance lines computed on this round's grades: of the sheets that use it."""
    sheets = PayoutSheet.objects.filter(round=rnd)
    if not sheets.exists():
        return None
    paid = paid_lines(rnd.region).filter(sheet__in=sheets)
    if paid.exists():
        return paid
    return PayoutLine.objects.filter(sheet__in=sheets, batch__isnull=True)


def build(rnd: Round, *, day: datetime.date) -> Content:
    if rnd.status not in VISIBLE_TO_ASSESSED:
        raise ServiceError(NOT_PUBLISHED, field="round")
    region = rnd.region
    content = Content(
        title=f"关于{rnd.name}结果的通报",
        filename=f"{region.name}{rnd.name}结果通报",
    )
    figures = content.figures
    figures.update(common_figures(region, day))
    figures["考核名称"] = rnd.name
    figures["考核期开始"] = date_text(rnd.period_start)
    figures["考核期结束"] = date_text(rnd.period_end)
    figures["公布日期"] = (
        date_text(rnd.published_at.date()) if rnd.published_at else None
    )
    results = list(
        Result.objects.filter(round=rnd)
        .select_related("instructor__unit")
        .order_by("rank", "instructor__name")
    )
    graded = [r for r in results if r.grade]
    counts = defaultdict(int)
    for r in graded:
        counts[r.grade] += 1
    figures["参加考核人数"] = number(len(results)) if results else None
    for grade, name in GRADE_FIGURES.items():
        figures[name] = number(counts[grade]) if graded else None
    excellent = [r.instructor.name for r in graded if r.grade == Grade.EXCELLENT]
    figures["优秀名单"] = "、".join(excellent) if graded else None
    if not excellent and graded:
        figures["优秀名单"] = "无"
    content.tables["考核等次"] = (
        Table(
            "考核等次分布",
            ["等次", "人数", "占比"],
            [
                [label, str(counts[value]), percent(counts[value], len(graded))]
                for value, label in Grade.choices
            ],
        )
        if graded
        else None
    )
    content.charts["考核等次"] = (
        Chart(
            f"{rnd.name}等次分布",
            charts.grade_bars(
                [label for _, label in Grade.choices],
                [counts[value] for value, _ in Grade.choices],
            ),
        )
        if graded
        else None
    )
    content.tables["考核结果"] = (
        Table(
            "考核结果",
            ["名次", "姓名", "派出单位", "得分", "等次"],
            [
                [
                    str(r.rank or ""),
                    r.instructor.name,
                    r.instructor.unit.name if r.instructor.unit else "",
                    f"{r.total:.2f}" if r.total is not None else "",
                    r.get_grade_display() or "未定",
                ]
                for r in results
            ],
        )
        if results
        else None
    )
    lines = _lines(rnd)
    if lines is None:
        figures["补贴总额"] = None
        content.tables["补贴汇总"] = None
    else:
        by_unit = (
            lines.order_by()
            .values_list("instructor__unit__name")
            .annotate(total=Sum("amount"))
        )
        people = (
            lines.order_by()
            .values_list("instructor__unit__name", "instructor_id")
            .distinct()
        )
        heads = defaultdict(int)
        for unit, _ in people:
            heads[unit] += 1
        rows = sorted(by_unit, key=lambda r: (-(r[1] or 0), r[0] or ""))
        total = sum((amount or Decimal(0) for _, amount in rows), Decimal(0))
        figures["补贴总额"] = money(total)
        content.tables["补贴汇总"] = Table(
            "补贴汇总（按派出单位）",
            ["派出单位", "人数", "金额（元）"],
            [
                [unit or "未填单位", str(heads[unit]), money(amount)]
                for unit, amount in rows
            ]
            + [["合计", str(sum(heads.values())), money(total)]],
        )
    missing = set(PLACEHOLDERS) - content.names()
    assert not missing, f"placeholders without a value: {missing}"
    return content
