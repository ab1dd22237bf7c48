"""Load the demo county (保德县) and, with --scale, more counties for benchmarks.

Deterministic for a given --seed. Each county is written in its own transaction, so memory
stays flat at province scale; a county that already has its committees is skipped, so an
interrupted seed resumes where it stopped.
"""

import resource
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand

from liangxin.core.models import Notification
from liangxin.core.services import analyze_tables
from liangxin.demo.builder import SCALES, DemoBuilder

#: the daily reminder jobs, run once after the demo county is built so that its accounts'
#: bells show what the scheduled jobs would have told them
REMINDERS = (
    "send_reminders",
    "send_duty_reminders",
    "send_partylife_reminders",
    "send_overdue_reminders",
)


class Command(BaseCommand):
    help = "载入演示数据：保德县（两个行业党委、22名指导员、约200个两新组织）及可选的规模数据。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="county")
        parser.add_argument("--seed", type=int, default=140931)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="演示县已存在时直接跳过（make run 使用）",
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        started = time.perf_counter()
        builder = DemoBuilder(seed=seed, stdout=self.stdout)
        if if_empty and builder.demo_exists():
            self.stdout.write("演示数据已存在，跳过。")
            return
        counts = builder.build(scale)  # one transaction per county
        analyze_tables()  # the planner must know the new sizes before the first page
        if scale == "county":
            before = Notification.objects.count()
            for name in REMINDERS:
                call_command(name, stdout=StringIO())
            self.stdout.write(
                f"已按定时任务发送提醒 {Notification.objects.count() - before} 条"
                "（见各演示账号的消息通知）。"
            )
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"完成（{scale}）：{counts}；用时 {elapsed:.1f} 秒，峰值内存 {peak_mb:.0f} MB"
            )
        )
