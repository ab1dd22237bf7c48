import re
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from liangxin.core.models import Region
from liangxin.core.services import analyze_tables
from liangxin.facts.models import FlagRow, InstructorMonth, PartyOrgPeriod
from liangxin.facts.refresh import (
    refresh,
    refresh_committee_flags,
    refresh_parallel,
)


class Command(BaseCommand):
    help = (
        "重建统计事实表（指导员月度、党组织组织生活、预警记录），按区县逐个计算、分批写入；"
        "可随时重复运行（每晚由 cron 调用）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码：只重建该区划及以下")
        parser.add_argument(
            "--month", help="YYYY-MM：只重建该月（默认上月和本月）", default=""
        )
        parser.add_argument(
            "--no-flags", action="store_true", help="不重算预警记录（只重建月度事实）"
        )
        parser.add_argument(
            "--committee-flags",
            action="store_true",
            help="只重算各委员会的预警记录（每晚统计刷新之后的定时任务；委员会工作人员"
            "当天首次打开预警清单即读取这些记录）",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="并行进程数（PostgreSQL；各区县仍各自一个事务），默认 1",
        )

    def handle(
        self,
        *args,
        region=None,
        month="",
        no_flags=False,
        committee_flags=False,
        jobs=1,
        **options,
    ):
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"区划代码 {region} 不存在。")
        months = None
        if month:
            match = re.fullmatch(r"(\d{4})-(\d{2})", month)
            if not match or not 1 <= int(match[2]) <= 12:
                raise CommandError("月份格式应为 YYYY-MM。")
            months = [(int(match[1]), int(match[2]))]
        started = time.monotonic()
        if jobs < 1 or jobs > 64:
            raise CommandError("并行进程数应在 1–64 之间。")
        if jobs > 1 and connection.vendor == "sqlite":
            raise CommandError("SQLite 不支持多进程并行写入，请去掉 --jobs。")
        if committee_flags:
            if month or no_flags:
                raise CommandError(
                    "--committee-flags 不能与 --month、--no-flags 同用。"
                )
            totals = (
                refresh_parallel(region or None, jobs=jobs, committees_only=True)
                if jobs > 1
                else refresh_committee_flags(region or None)
            )
            analyze_tables(FlagRow)
            self.stdout.write(
                f"已重算 {totals.regions} 个区县各委员会的预警记录："
                f"{totals.flags_open} 条（新增 {totals.flags_raised}，"
                f"消除 {totals.flags_cleared}），用时 {time.monotonic() - started:.1f} 秒。"
            )
            return
        if jobs > 1:
            totals = refresh_parallel(
                region or None, months, flags=not no_flags, jobs=jobs
            )
        else:
            totals = refresh(region or None, months, flags=not no_flags)
        analyze_tables(InstructorMonth, PartyOrgPeriod, FlagRow)
        self.stdout.write(
            f"已重建 {totals.regions} 个区县："
            f"指导员月度 {totals.instructor_months} 行，"
            f"组织生活 {totals.party_org_periods} 行，"
            f"预警 {totals.flags_open} 条（新增 {totals.flags_raised}，"
            f"消除 {totals.flags_cleared}），用时 {time.monotonic() - started:.1f} 秒。"
        )
