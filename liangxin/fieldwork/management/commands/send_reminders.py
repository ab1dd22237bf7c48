from django.core.management.base import BaseCommand

from liangxin.fieldwork.closing import send_reminders


class Command(BaseCommand):
    help = "发送到岗提醒（每日由定时任务运行；同一提醒只发送一次）。"

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(
            f"提醒指导员 {sent['instructors']} 人，提醒联络员 {sent['contacts']} 人。"
        )
