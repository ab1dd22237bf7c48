"""Important-matter requests: the guarded workflow, deadlines, escalation and attachments."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from liangxin.core.models import AuditLog, Notification, Policy, Role
from liangxin.core.services import ServiceError
from liangxin.core.workcalendar import add_workdays
from liangxin.duties.models import MatterRequest, MatterRequestTransition, RequestStatus
from liangxin.duties.services.requests import (
    ATTACHMENT_MAX_BYTES,
    add_attachment,
    draft_request,
    edit_request,
    reply_request,
    return_request,
    submit_request,
    withdraw_request,
)
from tests import factories as f

PDF = b"%PDF-1.4\n%test\n"


def _submit(world, request):
    return submit_request(user=world.users.instructor, request=request)


def test_an_instructor_drafts_and_submits_with_a_deadline_in_working_days(
    world, drafted
):
    request = _submit(world, drafted)
    today = timezone.localdate()
    assert request.status == RequestStatus.SUBMITTED
    assert request.reply_due == add_workdays(today, 5, count_start=False).end
    step = request.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (
        "draft",
        "submitted",
        world.users.instructor,
    )
    assert AuditLog.objects.filter(object_id=str(request.pk), note="提交请示").exists()
    # the committee staff of the organization's committee is told, the other committee not
    assert Notification.objects.filter(recipient=world.users.nonpublic).count() == 1
    assert not Notification.objects.filter(recipient=world.users.social).exists()


def test_the_deadline_follows_the_policy_of_the_region(world, drafted):
    Policy.objects.create(
        region=world.county, year=timezone.localdate().year, request_reply_workdays=2
    )
    request = _submit(world, drafted)
    assert (
        request.reply_due
        == add_workdays(timezone.localdate(), 2, count_start=False).end
    )


def test_the_committee_replies_and_the_instructor_is_told(world, drafted):
    request = _submit(world, drafted)
    reply_request(
        user=world.users.nonpublic,
        request=request,
        decision="agree",
        text="同意，按程序办理。",
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REPLIED and request.decision == "agree"
    assert request.replied_by == world.users.nonpublic
    assert Notification.objects.filter(
        recipient=world.users.instructor, title__contains="已批复（同意）"
    ).exists()
    assert list(request.transitions.values_list("to_status", flat=True)) == [
        "submitted",
        "replied",
    ]
    assert AuditLog.objects.filter(
        object_id=str(request.pk), note="批复请示：同意"
    ).exists()


def test_a_disagreement_needs_a_reason(world, drafted):
    request = _submit(world, drafted)
    with pytest.raises(ServiceError, match="请填写批复内容"):
        reply_request(
            user=world.users.nonpublic, request=request, decision="disagree", text=" "
        )


def test_a_returned_request_is_edited_and_submitted_again(world, drafted):
    request = _submit(world, drafted)
    return_request(user=world.users.nonpublic, request=request, note="请补充材料")
    request.refresh_from_db()
    assert request.status == RequestStatus.RETURNED
    edit_request(
        user=world.users.instructor,
        request=request,
        subject="调整支部书记",
        content="补充了考察材料。",
        urgency="urgent",
    )
    request.refresh_from_db()
    _submit(world, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.urgency == "urgent"
    # one notice per submission round
    assert Notification.objects.filter(recipient=world.users.nonpublic).count() == 2


def test_returning_needs_a_reason(world, drafted):
    request = _submit(world, drafted)
    with pytest.raises(ServiceError, match="退回时请说明原因"):
        return_request(user=world.users.nonpublic, request=request, note="")


ILLEGAL = [
    # (status, action, message)
    ("draft", "reply", "不能批复"),
    ("draft", "return", "不能改为“已退回”"),
    ("replied", "submit", "不能改为“待批复”"),
    ("replied", "withdraw", "不能改为“已撤回”"),
    ("replied", "reply", "不能批复"),
    ("replied", "return", "不能改为“已退回”"),
    ("submitted", "submit", "不能改为“待批复”"),
    ("withdrawn", "submit", "不能改为“待批复”"),
    ("withdrawn", "withdraw", "不能改为“已撤回”"),
    ("withdrawn", "reply", "不能批复"),
    ("returned", "reply", "不能批复"),
    ("returned", "return", "不能改为“已退回”"),
]


@pytest.mark.parametrize(("status", "action", "message"), ILLEGAL)
def test_every_illegal_transition_is_refused_in_chinese(
    world, make_request, status, action, message
):
    request = make_request(status=status)
    calls = {
        "submit": lambda: submit_request(user=world.users.instructor, request=request),
        "withdraw": lambda: withdraw_request(
            user=world.users.instructor, request=request
        ),
        "reply": lambda: reply_request(
            user=world.users.nonpublic, request=request, decision="agree", text=""
        ),
        "return": lambda: return_request(
            user=world.users.nonpublic, request=request, note="理由"
        ),
    }
    with pytest.raises(ServiceError, match=message):
        calls[action]()
    request.refresh_from_db()
    assert request.status == status
    assert not MatterRequestTransition.objects.exists()
    assert not AuditLog.objects.filter(object_id=str(request.pk)).exists()


def test_the_wrong_people_may_not_act(world, make_request):
    request = make_request(status="submitted")
    with pytest.raises(ServiceError, match="只有该组织所属行业党委"):
        reply_request(
            user=world.users.social, request=request, decision="agree", text=""
        )
    with pytest.raises(ServiceError, match="只有该组织所属行业党委"):
        reply_request(
            user=world.users.instructor, request=request, decision="agree", text=""
        )
    other = f.UserFactory(
        username="other_ins", role=Role.INSTRUCTOR, region=world.county
    )
    world.ins_b.user = other
    world.ins_b.save()
    with pytest.raises(ServiceError, match="只有指导员本人"):
        withdraw_request(user=other, request=request)


def test_only_a_current_posting_can_be_the_subject(world):
    with pytest.raises(ServiceError, match="不是您当前派驻的组织"):
        draft_request(
            user=world.users.instructor,
            organization=world.org_b,
            subject="事项",
            content="内容",
            urgency="normal",
        )


def test_a_stale_version_is_refused(world, drafted):
    with pytest.raises(ServiceError, match="已被他人修改"):
        submit_request(
            user=world.users.instructor,
            request=drafted,
            expected_version=drafted.version + 5,
        )


def test_overdue_requests_escalate_to_the_county_once(world, make_request):
    overdue = make_request(
        status="submitted", reply_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    make_request(status="submitted")  # not yet due
    call_command("send_duty_reminders", verbosity=0)
    call_command("send_duty_reminders", verbosity=0)
    notices = Notification.objects.filter(
        recipient=world.users.county, key__startswith="duties.request_overdue"
    )
    assert notices.count() == 1 and overdue.get_absolute_url() == notices.get().url
    assert not Notification.objects.filter(recipient=world.users.far_county).exists()
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None and overdue.is_overdue


def test_a_pdf_attachment_is_stored_under_a_random_name(
    world, drafted, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = add_attachment(
        user=world.users.instructor,
        request=drafted,
        upload=SimpleUploadedFile("考察材料.pdf", PDF),
    )
    assert item.name == "考察材料.pdf" and "考察材料" not in item.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", b"MZ\x90\x00", "格式不支持"),
        ("a.pdf", b"<html>", "内容与文件类型不符"),
        ("a.pdf", b"", "附件为空"),
    ],
)
def test_bad_attachments_are_refused(
    world, drafted, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ServiceError, match=message):
        add_attachment(
            user=world.users.instructor,
            request=drafted,
            upload=SimpleUploadedFile(name, content),
        )


def test_a_too_large_attachment_is_refused(world, drafted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("a.pdf", PDF + b"0" * ATTACHMENT_MAX_BYTES)
    with pytest.raises(ServiceError, match="不能超过 10 MB"):
        add_attachment(user=world.users.instructor, request=drafted, upload=big)


def test_attachments_cannot_be_added_after_submission(
    world, drafted, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    request = _submit(world, drafted)
    with pytest.raises(ServiceError, match="不能添加附件"):
        add_attachment(
            user=world.users.instructor,
            request=request,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )


def test_drafts_are_seen_only_by_their_instructor(world, drafted):
    assert list(MatterRequest.objects.visible_to(world.users.instructor)) == [drafted]
    for persona in ("county", "nonpublic", "unit", "auditor"):
        assert not MatterRequest.objects.visible_to(
            getattr(world.users, persona)
        ).exists()
