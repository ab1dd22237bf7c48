"""Login lockout: by username AND address together, with a delay that grows with every further
failure, and an audited unlock by the county admin (django-axes does the counting)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from liangxin.core import audit
from liangxin.core.models import AuditAction, Role, User
from liangxin.core.models.region import region_prefix


def first_delay() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOCKOUT_FIRST_MINUTES)


def longest_delay() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.LOCKOUT_MAX_HOURS)


def delay_after(failures: int) -> datetime.timedelta:
    """The first lockout lasts LOCKOUT_FIRST_MINUTES; every failure after it doubles the
    wait, up to LOCKOUT_MAX_HOURS."""
    extra = max(0, failures - settings.AXES_FAILURE_LIMIT)
    if extra > 20:  # 2**20 × a minute is already far beyond any cap
        return longest_delay()
    return min(first_delay() * 2**extra, longest_delay())


def cooloff(request=None) -> datetime.timedelta:
    """AXES_COOLOFF_TIME: how long this username at this address stays locked."""
    from axes.helpers import get_client_ip_address, get_client_username
    from axes.models import AccessAttempt

    if request is None:
        return first_delay()
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not username or not ip:
        return first_delay()
    failures = (
        AccessAttempt.objects.filter(username=username, ip_address=ip).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )
    return delay_after(failures)


def attempts_visible_to(user, queryset):
    """Superusers see every lockout; a county admin those of accounts in their region."""
    if user.is_superuser:
        return queryset
    if user.role != Role.COUNTY_ADMIN or not user.region_id:
        return queryset.none()
    names = User.objects.filter(
        region__code__startswith=region_prefix(user.region_id)
    ).values("username")
    return queryset.filter(username__in=names)


def unlock(*, user, attempts) -> int:
    """Lift the lockout of the given (username, address) records; one audit row each."""
    attempts = list(attempts_visible_to(user, attempts))
    accounts = {
        u.username: u
        for u in User.objects.filter(username__in={a.username for a in attempts})
    }
    with transaction.atomic():
        for attempt in attempts:
            target = accounts.get(attempt.username)
            audit.log(
                user=user,
                action=AuditAction.UPDATE,
                obj=target,
                region_id=getattr(target, "region_id", None),
                note=(
                    f"解除登录锁定：{attempt.username}（{attempt.ip_address}，"
                    f"失败 {attempt.failures_since_start} 次）"
                ),
            )
            attempt.delete()
    return len(attempts)
