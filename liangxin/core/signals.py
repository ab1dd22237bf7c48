from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import pre_save
from django.dispatch import receiver

from liangxin.core import audit, sessions
from liangxin.core.models import AuditAction, User
from liangxin.core.passwords import remember_expiry


def revoke_api_tokens(user, reason: str) -> int:
    """Delete every API token of the user (knox); audited when there were any."""
    from knox.models import AuthToken

    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        audit.log(
            user=user, action=AuditAction.LOGOUT, note=f"{reason}，API 令牌已注销"
        )
    return count


@receiver(pre_save, sender=User)
def _revoke_tokens_on_new_password_or_deactivation(sender, instance, **kwargs):
    if instance.pk is None or kwargs.get("raw"):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        revoke_api_tokens(instance, "密码已修改")
    elif before["is_active"] and not instance.is_active:
        revoke_api_tokens(instance, "账号已停用")


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit.log(user=user, action=AuditAction.LOGIN, note="登录成功")


@receiver(user_logged_in)
def _remember_password_expiry(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_expiry(request, user)


@receiver(user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from liangxin.core.twofactor import remember_enrolment

        remember_enrolment(request, user)


@receiver(user_logged_in)
def _one_session_per_admin(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        ended = sessions.start_session(request, user)
        if ended:
            audit.log(
                user=user,
                action=AuditAction.LOGOUT,
                note=f"新的登录结束了此前的 {ended} 个会话",
            )


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.log(user=user, action=AuditAction.LOGOUT)
        revoke_api_tokens(user, "退出登录")
    if request is not None:
        sessions.end_session(request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    audit.log(
        user=None,
        action=AuditAction.LOGIN_FAILED,
        note=f"用户名：{credentials.get('username', '')[:100]}",
    )


@receiver(user_logged_in)
def _touch_session(sender, request, user, **kwargs):
    """A new session starts its idle clock now (SessionTouchMiddleware)."""
    if request is not None and hasattr(request, "session"):
        from liangxin.core.middleware import touch_session

        touch_session(request.session)
