import time

from django.core.management.base import BaseCommand

from liangxin.dashboard.cockpit.snapshot import warm


class Command(BaseCommand):
    help = (
        "重新计算全省、全市驾驶舱汇总（每个省级、市级账号的本月首页），"
        "供领导打开时直接读取；每 10 分钟由定时任务调用，可随时运行。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = warm()
        self.stdout.write(
            f"已计算 {done} 个驾驶舱汇总，用时 {time.perf_counter() - started:.1f} 秒。"
        )
