from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from liangxin.core import audit
from liangxin.core.models import AuditAction


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit.log(user=user, action=AuditAction.LOGIN, note="登录成功")


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.log(user=user, action=AuditAction.LOGOUT)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    audit.log(
        user=None,
        action=AuditAction.LOGIN_FAILED,
        note=f"用户名：{credentials.get('username', '')[:100]}",
    )
