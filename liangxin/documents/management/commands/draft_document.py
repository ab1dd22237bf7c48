"""Draft a document from the command line, exactly as the page does (and audited the same way).

manage.py draft_document work-summary --region 140931 --period 2026 --output 总结.docx
manage.py draft_document inspection-notice --region 140931 --plan 3 --output 通报.docx
manage.py draft_document assessment-notice --region 140931 --round 1 --output 考核.pdf
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.assessment.models import Round
from liangxin.core.models import Region
from liangxin.core.services import ServiceError
from liangxin.documents import services
from liangxin.documents.models import DocumentKind
from liangxin.inspections.models import InspectionPlan


class Command(BaseCommand):
    help = "起草工作总结、督查通报或考核结果通报（.docx，输出文件名以 .pdf 结尾时生成 PDF）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in DocumentKind])
        parser.add_argument("--region", required=True, help="区划代码，如 140931")
        parser.add_argument("--period", help="工作总结的期间：2026、2026-H1 或 2026-H2")
        parser.add_argument("--plan", type=int, help="督查通报的督查计划编号")
        parser.add_argument("--round", type=int, help="考核结果通报的考核轮次编号")
        parser.add_argument(
            "--output", required=True, help="输出文件路径（.docx 或 .pdf）"
        )
        parser.add_argument(
            "--pdf",
            action="store_true",
            help="同时在 .docx 旁边生成内容相同的 PDF",
        )
        parser.add_argument("--date", help="成文日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **opts):
        region = Region.objects.filter(code=opts["region"]).first()
        if region is None:
            raise CommandError(f"区划代码 {opts['region']} 不存在。")
        output = Path(opts["output"])
        fmt = "pdf" if output.suffix.lower() == ".pdf" else "docx"
        day = None
        if opts["date"]:
            try:
                day = datetime.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("成文日期格式应为 YYYY-MM-DD。") from None
        plan = rnd = None
        if opts["kind"] == DocumentKind.INSPECTION_NOTICE:
            if opts["plan"] is None:
                raise CommandError("督查通报须用 --plan 指定督查计划编号。")
            plan = InspectionPlan.objects.filter(pk=opts["plan"]).first()
            if plan is None:
                raise CommandError(f"督查计划 {opts['plan']} 不存在。")
        if opts["kind"] == DocumentKind.ASSESSMENT_NOTICE:
            if opts["round"] is None:
                raise CommandError("考核结果通报须用 --round 指定考核轮次编号。")
            rnd = Round.objects.filter(pk=opts["round"]).first()
            if rnd is None:
                raise CommandError(f"考核轮次 {opts['round']} 不存在。")
        formats = [fmt] + (["pdf"] if opts["pdf"] and fmt == "docx" else [])
        for each in formats:
            try:
                draft = services.draft_document(
                    user=None,
                    kind=opts["kind"],
                    region=region,
                    period=opts["period"],
                    plan=plan,
                    rnd=rnd,
                    fmt=each,
                    day=day,
                )
            except ServiceError as exc:
                raise CommandError(exc.message) from None
            path = output if each == fmt else output.with_suffix(".pdf")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(draft.data)
            self.stdout.write(f"已生成 {path}（{len(draft.data)} 字节）")
