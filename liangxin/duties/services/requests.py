"""Important-matter requests: the instructor drafts and submits, the committee replies."""

import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction, Policy, Role, User
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.core.uploads import DOCUMENT_TYPES, check_upload
from liangxin.core.workcalendar import add_workdays
from liangxin.duties.models import MatterAttachment, MatterRequest, RequestStatus
from liangxin.duties.services.base import (
    _audited_move,
    _own_instructor,
    _tell_instructor,
    _text,
    instructor_of,
)
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = DOCUMENT_TYPES
MAX_ATTACHMENTS = 10


def can_reply(user, request: MatterRequest) -> bool:
    """The organization's committee staff, or a county admin of the region."""
    if user.is_superuser:
        return True
    if user.role == Role.COMMITTEE_STAFF:
        return user.committee_id == request.organization.committee_id
    if user.role == Role.COUNTY_ADMIN and user.region_prefix:
        return request.region_id.startswith(user.region_prefix)
    return False


# --- requests ------------------------------------------------------------------------------


def _planned(planned_on) -> datetime.date:
    if planned_on is None:
        raise ServiceError(
            "请填写事项拟实施日期（请示应在事项实施之前提出）。", field="planned_on"
        )
    return planned_on


def draft_request(
    *,
    user,
    organization: Organization,
    subject: str,
    content: str,
    urgency: str,
    planned_on: datetime.date | None = None,
) -> MatterRequest:
    """The instructor starts a request about one of the organizations they are posted to,
    with the date the matter is planned for (请示在前、实施在后)."""
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员可以提出请示。")
    if (
        not Assignment.objects.active()
        .filter(instructor=instructor, organization=organization)
        .exists()
    ):
        raise ServiceError("该组织不是您当前派驻的组织。", field="organization")
    with transaction.atomic():
        request = MatterRequest.objects.create(
            region_id=organization.region_id,
            instructor=instructor,
            organization=organization,
            subject=_text(subject, "请填写请示事项。", "subject", 100),
            content=_text(content, "请填写请示内容。", "content", 5000),
            urgency=urgency,
            planned_on=_planned(planned_on),
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=request,
            after=audit.snapshot(request),
            note="起草重要事项请示",
        )
    return request


def edit_request(
    *,
    user,
    request: MatterRequest,
    subject: str,
    content: str,
    urgency: str,
    planned_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> MatterRequest:
    _own_instructor(user, request)
    with transaction.atomic():
        request = lock_for_update(request, expected_version)
        if not request.is_editable:
            raise ServiceError(
                f"请示当前为“{request.get_status_display()}”，不能修改。"
            )
        before = audit.snapshot(request)
        request.subject = _text(subject, "请填写请示事项。", "subject", 100)
        request.content = _text(content, "请填写请示内容。", "content", 5000)
        request.urgency = urgency
        request.planned_on = _planned(planned_on or request.planned_on)
        request.version += 1
        request.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=request,
            before=before,
            after=audit.snapshot(request),
            note="修改请示",
        )
    return request


def _committee_staff(request: MatterRequest):
    return User.objects.filter(
        role=Role.COMMITTEE_STAFF,
        is_active=True,
        committee_id=request.organization.committee_id,
    )


def submit_request(
    *, user, request: MatterRequest, expected_version: int | None = None
) -> MatterRequest:
    """Submit (or resubmit after a return); the reply is due in the Policy's working days."""
    _own_instructor(user, request)
    with transaction.atomic():
        request = lock_for_update(request, expected_version)
        now = timezone.now()
        policy = Policy.for_region_year(request.region_id, timezone.localdate(now).year)
        window = add_workdays(
            timezone.localdate(now), policy.request_reply_workdays, count_start=False
        )
        today = timezone.localdate(now)
        # 请示在前、实施在后: on or after the planned day it is a report after the fact
        late = request.planned_on is not None and today >= request.planned_on
        _audited_move(
            user,
            request,
            RequestStatus.SUBMITTED,
            "事后补报" if late else "",
            "提交请示（事后补报）" if late else "提交请示",
            after_the_fact=late,
            submitted_at=now,
            reply_due=window.end,
            reply_due_provisional=window.provisional,
            escalated_at=None,
        )
        rounds = request.transitions.filter(to_status=RequestStatus.SUBMITTED).count()
        for staff in _committee_staff(request):
            notify(
                recipient=staff,
                title=f"新的重要事项请示：{request.subject}",
                body=f"{request.instructor}（{request.organization}）提交了请示，"
                f"请于 {window.end:%Y-%m-%d} 前批复。",
                url=request.get_absolute_url(),
                key=f"duties.request_submitted:{request.pk}:{rounds}",
            )
    return request


def withdraw_request(
    *, user, request: MatterRequest, note: str = "", expected_version: int | None = None
) -> MatterRequest:
    _own_instructor(user, request)
    with transaction.atomic():
        request = lock_for_update(request, expected_version)
        _audited_move(user, request, RequestStatus.WITHDRAWN, note, "撤回请示")
    return request


def reply_request(
    *,
    user,
    request: MatterRequest,
    decision: str,
    text: str,
    expected_version: int | None = None,
) -> MatterRequest:
    """The committee replies 同意 / 不同意 / 其他意见; the instructor is told."""
    if not can_reply(user, request):
        raise ServiceError("只有该组织所属行业党委或县级管理员可以批复。")
    with transaction.atomic():
        request = lock_for_update(request, expected_version)
        request.reply_with(decision=decision, text=text, by=user)
        _tell_instructor(
            request,
            f"请示已批复（{request.get_decision_display()}）：{request.subject}",
            f"duties.request_replied:{request.pk}",
        )
    return request


def return_request(
    *, user, request: MatterRequest, note: str, expected_version: int | None = None
) -> MatterRequest:
    if not can_reply(user, request):
        raise ServiceError("只有该组织所属行业党委或县级管理员可以退回。")
    note = _text(note, "退回时请说明原因。", "note", 500)
    with transaction.atomic():
        request = lock_for_update(request, expected_version)
        rounds = request.transitions.filter(to_status=RequestStatus.RETURNED).count()
        _audited_move(user, request, RequestStatus.RETURNED, note, f"退回请示：{note}")
        _tell_instructor(
            request,
            f"请示被退回：{request.subject}",
            f"duties.request_returned:{request.pk}:{rounds + 1}",
            body=note,
        )
    return request


def attachment_extension(upload) -> str:
    """The file's type from its name and first bytes (both must agree), after its size."""
    return check_upload(
        upload,
        types=DOCUMENT_TYPES,
        max_bytes=ATTACHMENT_MAX_BYTES,
        field="file",
        what="附件",
        formats="PDF、Word、Excel、JPEG 或 PNG 文件",
        name_must_match=True,
    )


def add_attachment(*, user, request: MatterRequest, upload) -> MatterAttachment:
    _own_instructor(user, request)
    if not request.is_editable:
        raise ServiceError(
            f"请示当前为“{request.get_status_display()}”，不能添加附件。"
        )
    attachment_extension(upload)
    with transaction.atomic():
        if request.attachments.count() >= MAX_ATTACHMENTS:
            raise ServiceError(f"每个请示最多 {MAX_ATTACHMENTS} 个附件。", field="file")
        attachment = MatterAttachment(
            request=request, name=upload.name[-200:], size=upload.size, uploaded_by=user
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=request,
            note=f"添加附件：{attachment.name}",
        )
    return attachment


def escalate_overdue_requests(today: datetime.date | None = None) -> int:
    """Tell the county admins of each overdue request's region (once per request)."""
    today = today or timezone.localdate()
    sent = 0
    overdue = MatterRequest.objects.overdue(today).select_related(
        "instructor", "organization"
    )
    admins_by_region: dict[str, list] = {}
    for admin in User.objects.filter(
        role=Role.COUNTY_ADMIN, is_active=True, region__isnull=False
    ):
        admins_by_region.setdefault(admin.region_id, []).append(admin)
    for request in overdue:
        for admin in admins_by_region.get(request.region_id, []):
            _, created = notify(
                recipient=admin,
                title=f"请示逾期未批复：{request.subject}",
                body=f"{request.instructor}（{request.organization}）的请示应于 "
                f"{request.reply_due:%Y-%m-%d} 前批复，至今未批复。",
                url=request.get_absolute_url(),
                key=f"duties.request_overdue:{request.pk}:{request.submitted_at:%Y%m%d%H%M%S}",
            )
            sent += created
        if request.escalated_at is None:
            MatterRequest.objects.filter(pk=request.pk).update(
                escalated_at=timezone.now()
            )
            audit.log(
                user=None,
                action=AuditAction.UPDATE,
                obj=request,
                note="请示逾期未批复，已提醒县级管理员",
            )
    return sent
