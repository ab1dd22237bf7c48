from django.core.management.base import BaseCommand, CommandError

from liangxin.core.services import ServiceError
from liangxin.fieldwork.closing import close_month, county_regions, previous_month


class Command(BaseCommand):
    help = "结账：锁定上月（或指定月份）各县的到岗记录并保存统计结果；重复运行不会重复结账。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--month", type=int)

    def handle(self, *args, year=None, month=None, **options):
        if (year is None) != (month is None):
            raise CommandError("--year 与 --month 须同时给出。")
        if year is None:
            year, month = previous_month()
        if not 1 <= month <= 12:
            raise CommandError("月份须在 1 到 12 之间。")
        for region in county_regions():
            try:
                closed, created = close_month(
                    user=None, region=region, year=year, month=month
                )
            except ServiceError as exc:
                raise CommandError(exc.message) from None
            state = "已结账" if created else "此前已结账，未做改动"
            self.stdout.write(f"{region} {year}年{month}月：{state}")
