"""Pages of leave (请假) and the code of conduct (行为规范)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedDetailView, ScopedListView
from liangxin.duties.filters import LeaveFilter
from liangxin.duties.forms import LeaveForm
from liangxin.duties.models import ConductAcknowledgement, LeaveRequest
from liangxin.duties.services.base import instructor_of
from liangxin.duties.services.conduct import (
    acknowledge_conduct,
    can_decide_leave,
    decide_leave,
    request_leave,
    withdraw_leave,
)
from liangxin.duties.views.base import _done, _run
from liangxin.roster.models import Instructor


class LeaveList(ScopedListView):
    model = LeaveRequest
    filterset_class = LeaveFilter
    title = "请假"
    related = ("instructor",)
    create_url_name = "duties:leave_create"
    columns = [
        Column("instructor.name", "指导员", link=True),
        Column("start", "开始日期"),
        Column("end", "结束日期"),
        Column("days", "请假天数（工作日）"),
        Column("status", "状态"),
        Column("late", "补批"),
        Column("reason", "请假事由"),
    ]


class LeaveDetail(ScopedDetailView):
    model = LeaveRequest
    related = ("instructor", "decided_by")
    template_name = "duties/leave_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        ctx.update(
            can_decide=obj.status in ("pending", "late")
            and can_decide_leave(user, obj),
            can_withdraw=obj.status in ("pending", "late")
            and obj.instructor.user_id == user.pk,
            transitions=obj.transitions.select_related("by"),
        )
        return ctx


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duties.add_leaverequest", raise_exception=True)
def leave_create(request):
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leave = request_leave(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _done(request, leave, "已提交请假申请，等待派出单位审批。")
    return render(request, "core/form.html", {"title": "申请请假", "form": form})


@require_POST
@login_required
@permission_required("duties.change_leaverequest", raise_exception=True)
def leave_decide(request, pk, verdict):
    if verdict not in ("approve", "reject"):
        raise Http404("操作不存在。")
    obj = get_for_user(
        LeaveRequest.objects.select_related("instructor"), request.user, pk=pk
    )
    if not can_decide_leave(request.user, obj):
        raise PermissionDenied("只有指导员的派出单位可以审批请假。")
    approve = verdict == "approve"
    return _run(
        request,
        obj,
        decide_leave,
        "已批准请假。" if approve else "已不批准。",
        leave=obj,
        approve=approve,
        note=request.POST.get("note", ""),
    )


@require_POST
@login_required
@permission_required("duties.change_leaverequest", raise_exception=True)
def leave_withdraw(request, pk):
    obj = get_for_user(
        LeaveRequest.objects.select_related("instructor"), request.user, pk=pk
    )
    if obj.instructor.user_id != request.user.pk:
        raise PermissionDenied("只有指导员本人可以撤回。")
    return _run(request, obj, withdraw_leave, "已撤回请假申请。", leave=obj)


# --- code of conduct -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("duties.view_conductacknowledgement", raise_exception=True)
def conduct(request):
    """The 行为规范; the instructor confirms it yearly, managers see who has this year."""
    year = timezone.localdate().year
    ctx = {"title": "行为规范", "year": year}
    instructor = instructor_of(request.user)
    if instructor is not None:
        ctx["mine"] = ConductAcknowledgement.objects.filter(
            instructor=instructor, year=year
        ).first()
        ctx["is_instructor"] = True
    else:
        done = dict(
            ConductAcknowledgement.objects.visible_to(request.user)
            .filter(year=year)
            .values_list("instructor_id", "acknowledged_at")
        )
        ctx["rows"] = [
            (i, done.get(i.pk))
            for i in Instructor.objects.visible_to(request.user)
            .active()
            .order_by("name", "pk")
        ]
    return render(request, "duties/conduct.html", ctx)


@require_POST
@login_required
@permission_required("duties.add_conductacknowledgement", raise_exception=True)
def conduct_acknowledge(request):
    try:
        acknowledge_conduct(user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认行为规范。")
    return redirect("duties:conduct")
