"""Pages of important-matter requests and their attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column, FlagColumn
from liangxin.core.uploads import DOCUMENT_TYPES, private_file_response
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.duties.filters import MatterRequestFilter
from liangxin.duties.forms import AttachmentForm, MatterRequestForm, ReplyForm
from liangxin.duties.models import MatterAttachment, MatterRequest
from liangxin.duties.services import requests as request_services
from liangxin.duties.views.base import _done, _run


class RequestList(ScopedListView):
    model = MatterRequest
    filterset_class = MatterRequestFilter
    title = "重要事项请示"
    related = ("instructor", "organization")
    create_url_name = "duties:request_create"
    columns = [
        Column("subject", "请示事项", link=True),
        Column("organization.name", "两新组织"),
        Column("instructor.name", "指导员"),
        Column("urgency", "紧急程度"),
        Column("status", "状态"),
        Column("planned_on", "拟实施日期"),
        Column("submitted_at", "提交时间"),
        FlagColumn("after_the_fact", "事后补报"),
        Column("reply_due", "批复期限"),
        FlagColumn("is_overdue", "逾期"),
        Column("decision", "批复意见"),
    ]


class RequestDetail(ScopedDetailView):
    model = MatterRequest
    related = ("instructor", "organization", "replied_by")
    template_name = "duties/request_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        own = obj.instructor.user_id == user.pk
        ctx.update(
            can_edit=own and obj.is_editable,
            can_submit=own and obj.is_editable,
            can_withdraw=own and obj.status in ("draft", "submitted", "returned"),
            can_reply=obj.status == "submitted"
            and request_services.can_reply(user, obj),
            reply_form=ReplyForm(initial={"version": obj.version}),
            attachment_form=AttachmentForm(),
            attachments=obj.attachments.all(),
            transitions=obj.transitions.select_related("by"),
        )
        return ctx


class RequestCreate(ScopedCreateView):
    model = MatterRequest
    form_class = MatterRequestForm
    title = "提出重要事项请示"
    success_url_name = "duties:request_list"

    def save(self, form):
        data = form.cleaned_data
        return request_services.draft_request(
            user=self.request.user,
            organization=data["organization"],
            subject=data["subject"],
            content=data["content"],
            urgency=data["urgency"],
            planned_on=data.get("planned_on"),
        )


class RequestUpdate(ScopedUpdateView):
    model = MatterRequest
    form_class = MatterRequestForm
    title = "修改请示"
    success_url_name = "duties:request_list"

    def save(self, form):
        data = form.cleaned_data
        return request_services.edit_request(
            user=self.request.user,
            request=form.instance,
            subject=data["subject"],
            content=data["content"],
            urgency=data["urgency"],
            planned_on=data.get("planned_on"),
            expected_version=data.get("version"),
        )


def _request(request, pk) -> MatterRequest:
    return get_for_user(
        MatterRequest.objects.select_related("organization", "instructor"),
        request.user,
        pk=pk,
    )


def _own(request, pk) -> MatterRequest:
    obj = _request(request, pk)
    if obj.instructor.user_id != request.user.pk:
        raise PermissionDenied("只有指导员本人可以办理此操作。")
    return obj


@require_POST
@login_required
@permission_required("duties.change_matterrequest", raise_exception=True)
def request_submit(request, pk):
    obj = _own(request, pk)
    return _run(
        request,
        obj,
        request_services.submit_request,
        "已提交请示，等待行业党委批复。",
        request=obj,
    )


@require_POST
@login_required
@permission_required("duties.change_matterrequest", raise_exception=True)
def request_withdraw(request, pk):
    obj = _own(request, pk)
    return _run(
        request,
        obj,
        request_services.withdraw_request,
        "已撤回请示。",
        request=obj,
        note=request.POST.get("note", ""),
    )


@require_POST
@login_required
@permission_required("duties.change_matterrequest", raise_exception=True)
def request_attach(request, pk):
    obj = _own(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的附件。")
        return redirect(obj.get_absolute_url())
    try:
        attachment = request_services.add_attachment(
            user=request.user, request=obj, upload=form.cleaned_data["file"]
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(request, obj, f"已上传附件：{attachment.name}")


def _replier(request, pk) -> MatterRequest:
    obj = _request(request, pk)
    if not request_services.can_reply(request.user, obj):
        raise PermissionDenied("只有该组织所属行业党委或县级管理员可以批复。")
    return obj


@require_POST
@login_required
@permission_required("duties.view_matterrequest", raise_exception=True)
def request_reply(request, pk):
    obj = _replier(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批复意见（同意、不同意或其他意见）。")
        return redirect(obj.get_absolute_url())
    return _run(
        request,
        obj,
        request_services.reply_request,
        "已批复，指导员将收到通知。",
        request=obj,
        decision=form.cleaned_data["decision"],
        text=form.cleaned_data["reply"],
    )


@require_POST
@login_required
@permission_required("duties.view_matterrequest", raise_exception=True)
def request_return(request, pk):
    obj = _replier(request, pk)
    return _run(
        request,
        obj,
        request_services.return_request,
        "已退回请示，指导员修改后可再次提交。",
        request=obj,
        note=request.POST.get("note", ""),
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("duties.view_matterrequest", raise_exception=True)
def attachment(request, pk):
    """An attachment, to those who may see its request (404 otherwise)."""
    item = MatterAttachment.objects.filter(pk=pk).select_related("request").first()
    if item is None:
        raise Http404("记录不存在或您无权查看。")
    get_for_user(MatterRequest.objects, request.user, pk=item.request_id)
    return private_file_response(
        item.file, types=DOCUMENT_TYPES, download_name=item.name
    )
