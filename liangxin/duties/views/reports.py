"""Pages of regular reports."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column, FlagColumn
from liangxin.core.views import ScopedDetailView, ScopedListView
from liangxin.duties.filters import RegularReportFilter
from liangxin.duties.forms import ReportForm
from liangxin.duties.models import RegularReport
from liangxin.duties.services import reports as report_services
from liangxin.duties.services.base import instructor_of
from liangxin.duties.views.base import _done, _run


class ReportList(ScopedListView):
    model = RegularReport
    filterset_class = RegularReportFilter
    title = "定期汇报"
    related = ("instructor",)
    create_url_name = "duties:report_create"
    columns = [
        Column("period_label", "汇报期", link=True),
        Column("instructor.name", "指导员"),
        Column("status", "状态"),
        Column("due_on", "报送期限"),
        Column("submitted_at", "提交时间"),
        FlagColumn("is_late", "逾期"),
    ]


class ReportDetail(ScopedDetailView):
    model = RegularReport
    related = ("instructor", "reviewed_by")
    template_name = "duties/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        own = obj.instructor.user_id == user.pk
        ctx.update(
            can_edit=own and obj.is_editable,
            can_review=obj.status == "submitted"
            and report_services.can_review(user, obj),
            form=ReportForm(initial={"summary": obj.summary, "version": obj.version}),
            transitions=obj.transitions.select_related("by"),
        )
        return ctx


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duties.add_regularreport", raise_exception=True)
def report_create(request):
    """The instructor picks a period; its draft is pre-filled from the period's records."""
    instructor = instructor_of(request.user)
    if instructor is None:
        raise PermissionDenied("只有党建工作指导员可以填写定期汇报。")
    if request.method == "POST":
        try:
            start = datetime.date.fromisoformat(request.POST.get("period", ""))
            report = report_services.start_report(user=request.user, period_start=start)
        except ValueError:
            messages.error(request, "汇报期无效。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            return _done(request, report, "已生成汇报草稿，请修改后提交。")
        return redirect("duties:report_create")
    today = timezone.localdate()
    existing = dict(
        RegularReport.objects.filter(
            instructor=instructor, period_start__year=today.year
        ).values_list("period_start", "pk")
    )
    periods = [
        (p, due, existing.get(p.start))
        for p, due in report_services.report_periods(instructor.region_id, today.year)
        if p.start <= today
    ]
    return render(
        request,
        "duties/report_create.html",
        {"title": "填写定期汇报", "periods": periods, "today": today},
    )


def _own_report(request, pk) -> RegularReport:
    obj = get_for_user(
        RegularReport.objects.select_related("instructor"), request.user, pk=pk
    )
    if obj.instructor.user_id != request.user.pk:
        raise PermissionDenied("只有指导员本人可以办理此操作。")
    return obj


@require_POST
@login_required
@permission_required("duties.change_regularreport", raise_exception=True)
def report_save(request, pk):
    obj = _own_report(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写汇报内容（不超过 10000 字）。")
        return redirect(obj.get_absolute_url())
    try:
        report_services.edit_report(
            user=request.user,
            report=obj,
            summary=form.cleaned_data["summary"],
            expected_version=form.cleaned_data.get("version"),
        )
        if request.POST.get("submit"):
            obj.refresh_from_db()
            report_services.submit_report(user=request.user, report=obj)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(
        request, obj, "已提交汇报。" if request.POST.get("submit") else "已保存草稿。"
    )


@require_POST
@login_required
@permission_required("duties.view_regularreport", raise_exception=True)
def report_review(request, pk, verdict):
    if verdict not in ("accept", "return"):
        raise Http404("操作不存在。")
    obj = get_for_user(
        RegularReport.objects.select_related("instructor"), request.user, pk=pk
    )
    if not report_services.can_review(request.user, obj):
        raise PermissionDenied("只有指导员所属行业党委或县级管理员可以审阅。")
    accept = verdict == "accept"
    return _run(
        request,
        obj,
        report_services.review_report,
        "已通过该汇报。" if accept else "已退回该汇报。",
        report=obj,
        accept=accept,
        comment=request.POST.get("comment", ""),
    )
