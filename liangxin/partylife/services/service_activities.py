"""Writes of service-to-society activities."""

from django.db import transaction

from liangxin.core.services import ServiceError, create_record
from liangxin.orgs.models import Organization
from liangxin.partylife.models import ServiceActivity
from liangxin.partylife.services.base import WRITER_ROLES, _check_date, _wrap


def save_service_activity(
    *, user, activity: ServiceActivity, themes=None
) -> ServiceActivity:
    """Record a new service activity (activities are recorded once, never edited)."""
    org = activity.organization
    allowed = user.has_role(*WRITER_ROLES) and (
        user.is_superuser
        or (user.role == "org_contact" and user.organization_id == org.pk)
        or (
            user.role == "instructor"
            and Organization.objects.visible_to(user).filter(pk=org.pk).exists()
        )
    )
    if not allowed:
        raise ServiceError(
            "只有本组织党建联络员或派驻的指导员可以登记。", field="organization"
        )
    _check_date(activity.date)
    activity.region_id = org.region_id
    with transaction.atomic():
        saved = _wrap(
            create_record, user=user, instance=activity, note="登记服务社会活动"
        )
        if themes is not None:
            saved.themes.set(themes)
    return saved
