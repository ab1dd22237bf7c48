from django.conf import settings
from django.db import models


class UserSession(models.Model):
    """A signed-in browser session: who, from where, since when (shown in the admin).

    Admin accounts keep one row: a new login ends the session the old row names."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="browser_sessions",
    )
    session_key = models.CharField("会话标识", max_length=40, unique=True)
    ip = models.GenericIPAddressField("登录地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=200, blank=True)
    started_at = models.DateTimeField("登录时间", auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = verbose_name_plural = "登录会话"

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
