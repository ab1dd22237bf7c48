"""Prints a user's current TOTP code: how the demo's county admin and auditor sign in
without a phone. Development only (DEBUG); a server in production refuses."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "（仅开发/演示）显示某用户当前的 6 位动态口令。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("只能在开发/演示环境（DEBUG=1）中使用。")
        device = (
            TOTPDevice.objects.filter(user__username=username)
            .order_by("-confirmed", "-id")
            .first()
        )
        if device is None:
            raise CommandError(
                f"用户 {username} 还没有动态口令设备：请先用该账号登录网页，打开启用页面。"
            )
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
