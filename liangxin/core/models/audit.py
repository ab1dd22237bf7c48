import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from liangxin.core.models.region import region_prefix


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    ASSIGN = "assign", "派驻"
    END = "end", "结束派驻"
    DENIED = "denied", "拒绝访问"
    REVEAL = "reveal", "查看完整个人信息"


# Entries that record a reading, not a change of what pages show: a page kept until the next
# recorded write (core.summaries) is not recomputed for them.
READ_ACTIONS = (
    AuditAction.LOGIN,
    AuditAction.LOGOUT,
    AuditAction.LOGIN_FAILED,
    AuditAction.EXPORT,
    AuditAction.DENIED,
    AuditAction.REVEAL,
)


class AppendOnlyError(Exception):
    """The audit log is append-only: rows are never changed or deleted."""

    def __init__(self):
        super().__init__("审计日志只能追加，不能修改或删除。")


def chain_payload(row) -> dict:
    """The fields a row's hash covers (works on historical models in migrations too).

    `user_id` is left out on purpose: deleting an account sets it to NULL, while the
    username, kept in the row, stays covered."""
    at = (
        row.at.astimezone(datetime.timezone.utc)
        if timezone.is_aware(row.at)
        else row.at
    )
    return {
        "at": at.isoformat(),
        "username": row.username,
        "action": row.action,
        "content_type": row.content_type_id,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "before": row.before,
        "after": row.after,
        "note": row.note,
        "request_id": row.request_id,
        "region": row.region_id,
    }


def chain_hash(prev_hash: str, payload: dict) -> str:
    """SHA-256 of the previous row's hash and this row's content: a changed, removed or
    inserted row breaks every link after it."""
    body = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError

    def delete(self):
        raise AppendOnlyError

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.role in ("county_admin", "auditor") and user.region_id:
            return self.filter(region__code__startswith=region_prefix(user.region_id))
        return self.none()

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditLog(models.Model):
    """One entry in the audit trail: who did what to which record, with before/after."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    request_id = models.CharField("请求编号", max_length=32, blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name="区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    prev_hash = models.CharField(
        "上一条哈希", max_length=64, blank=True, editable=False
    )
    hash = models.CharField("哈希", max_length=64, blank=True, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = "审计日志"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # a region's newest write (the key of every kept county page), one index look-up
            models.Index(
                fields=["region", "-id"],
                name="audit_region_write_idx",
                condition=~models.Q(action__in=READ_ACTIONS),
            ),
            # a person's newest write (the key of their own kept pages)
            models.Index(
                fields=["user", "-id"],
                name="audit_user_write_idx",
                condition=~models.Q(action__in=READ_ACTIONS),
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, chain_payload(self))

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field that differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (k, before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k)
        ]
