from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is private to its recipient, whatever the role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """An in-app notice to one user (a reminder, a decision, a month-close summary)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    key = models.CharField(
        "去重标识",
        max_length=200,
        help_text="同一接收人同一标识只通知一次（定时任务重复运行不重复通知）",
    )
    created_at = models.DateTimeField("通知时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "通知"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_key",
                violation_error_message="该通知已发送过。",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread")
        ]

    def __str__(self):
        return f"{self.recipient} {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
