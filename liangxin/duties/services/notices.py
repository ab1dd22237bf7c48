"""Notices (通报)."""

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction, Role, User
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.duties.models import Notice, NoticeStatus
from liangxin.duties.services.base import _audited_move
from liangxin.duties.services.year_end import _county_admin_of


def _notice_admin(user, notice: Notice):
    if not _county_admin_of(user, notice.region_id):
        raise ServiceError("只有县级管理员可以发布或修改通报。")


def save_notice(
    *, user, notice: Notice, instructors, expected_version: int | None = None
) -> Notice:
    """Create or edit a draft notice; the named instructors must be of its region."""
    if notice.pk is None:
        if user.role != Role.COUNTY_ADMIN or not user.region_id:
            raise ServiceError("只有县级管理员可以发布或修改通报。")
        notice.region_id = user.region_id
    _notice_admin(user, notice)
    instructors = list(instructors)
    if not instructors:
        raise ServiceError("请选择被通报的指导员。", field="instructors")
    if any(i.region_id != notice.region_id for i in instructors):
        raise ServiceError("只能通报本区划的指导员。", field="instructors")
    with transaction.atomic():
        if notice.pk is None:
            notice.save()
            audit.log(
                user=user,
                action=AuditAction.CREATE,
                obj=notice,
                after=audit.snapshot(notice),
                note="起草通报",
            )
        else:
            current = lock_for_update(notice, expected_version)
            if current.status != NoticeStatus.DRAFT:
                raise ServiceError(
                    f"通报当前为“{current.get_status_display()}”，不能修改。"
                )
            before = audit.snapshot(current)
            notice.version = current.version + 1
            notice.save()
            audit.log(
                user=user,
                action=AuditAction.UPDATE,
                obj=notice,
                before=before,
                after=audit.snapshot(notice),
                note="修改通报",
            )
        notice.instructors.set(instructors)
    return notice


def publish_notice(
    *, user, notice: Notice, expected_version: int | None = None
) -> Notice:
    """Publish: every instructor of the region is told (once per notice)."""
    _notice_admin(user, notice)
    with transaction.atomic():
        notice = lock_for_update(notice, expected_version)
        if not notice.instructors.exists():
            raise ServiceError("请选择被通报的指导员。", field="instructors")
        _audited_move(
            user,
            notice,
            NoticeStatus.PUBLISHED,
            "",
            "发布通报",
            published_at=timezone.now(),
        )
        for recipient in User.objects.filter(
            role=Role.INSTRUCTOR, is_active=True, region_id=notice.region_id
        ):
            notify(
                recipient=recipient,
                title=f"通报：{notice.title}",
                body=notice.get_kind_display(),
                url=notice.get_absolute_url(),
                key=f"duties.notice:{notice.pk}",
            )
    return notice


def withdraw_notice(
    *, user, notice: Notice, note: str = "", expected_version: int | None = None
) -> Notice:
    _notice_admin(user, notice)
    with transaction.atomic():
        notice = lock_for_update(notice, expected_version)
        _audited_move(user, notice, NoticeStatus.WITHDRAWN, note, "撤销通报")
    return notice
