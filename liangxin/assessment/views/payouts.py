"""Allowance standards and payout sheets with their adjustment batches."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from liangxin.assessment.forms import AllowancePolicyForm, PayoutSheetForm
from liangxin.assessment.models import AdjustmentBatch, AllowancePolicy, PayoutSheet
from liangxin.assessment.services import payouts
from liangxin.assessment.tasks import payout_lines
from liangxin.assessment.views.base import _fail
from liangxin.core.models import Role
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView
from liangxin.jobs import services as jobs


class PolicyList(ScopedListView):
    model = AllowancePolicy
    title = "补贴标准"
    filterset_fields = ["year"]
    related = ("region",)
    create_url_name = "assessment:policy_create"
    columns = [
        Column("year", "年度"),
        Column("region.name", "区划"),
        Column("monthly_amount", "每月补贴（元）"),
        Column("short_month_deduction", "不足月扣减（元/月）"),
        Column("excellent_coefficient", "优秀系数"),
        Column("competent_coefficient", "称职系数"),
        Column("basic_coefficient", "基本称职系数"),
        Column("unqualified_coefficient", "不称职系数"),
    ]


class PolicyCreate(ScopedCreateView):
    model = AllowancePolicy
    form_class = AllowancePolicyForm
    title = "新增补贴标准"
    success_url_name = "assessment:policy_list"

    def get_success_url(self):
        return reverse("assessment:policy_list")


class PayoutList(ScopedListView):
    model = PayoutSheet
    title = "补贴发放表"
    filterset_fields = ["status"]
    related = ("policy",)
    create_url_name = "assessment:payout_create"
    columns = [
        Column("title", "名称", link=True),
        Column("period_start", "期间开始"),
        Column("period_end", "期间结束"),
        Column("status", "状态"),
    ]


class PayoutCreate(ScopedCreateView):
    model = PayoutSheet
    form_class = PayoutSheetForm
    title = "新建补贴发放表"
    success_url_name = "assessment:payout_list"

    def save(self, form):
        data = form.cleaned_data
        return payouts.create_sheet(
            user=self.request.user,
            policy=data["policy"],
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            rnd=data.get("round"),
        )


class PayoutDetail(ScopedDetailView):
    model = PayoutSheet
    related = ("policy", "round", "checked_by", "approved_by")
    template_name = "assessment/payout_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lines = list(self.object.lines.select_related("instructor__unit"))
        batches = list(
            self.object.adjustments.select_related("checked_by", "approved_by")
        )
        totals = defaultdict(Decimal)
        for line in lines:
            if line.batch_id:
                totals[line.batch_id] += line.amount
        ctx.update(
            prorata_rule=payouts.PRORATA_RULE,
            lines=lines,
            total=sum((line.amount for line in lines), Decimal(0)),
            unpaid=sum(not line.paid for line in lines),
            batches=[(b, totals[b.pk]) for b in batches],
            is_admin=self.request.user.has_role(Role.COUNTY_ADMIN),
        )
        return ctx


_PAYOUT_ACTIONS = {
    "recompute": (payouts.recompute, "已重新计算。"),
    "check": (payouts.check_sheet, "已核对。"),
    "approve": (payouts.approve_sheet, "已审批。"),
    "pay": (payouts.mark_paid, "已标记为发放。"),
}


@require_POST
@login_required
@permission_required("assessment.change_payoutsheet", raise_exception=True)
def payout_action(request, pk):
    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    if request.POST.get("action") not in _PAYOUT_ACTIONS:
        messages.error(request, "未知的操作。")
        return redirect(sheet.get_absolute_url())
    if request.POST["action"] == "recompute" and not jobs.is_eager():
        jobs.enqueue(payout_lines, sheet.pk, request.user.pk)
        messages.success(request, "已提交后台计算，完成后将通知您。")
        return redirect(sheet.get_absolute_url())
    service, done = _PAYOUT_ACTIONS[request.POST["action"]]
    try:
        service(user=request.user, sheet=sheet)
        messages.success(request, done)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(sheet.get_absolute_url())


_BATCH_ACTIONS = {
    "check": (payouts.check_batch, "调整批次已核对。"),
    "approve": (payouts.approve_batch, "调整批次已审批。"),
    "pay": (payouts.pay_batch, "调整批次已标记为发放。"),
}


@require_POST
@login_required
@permission_required("assessment.change_payoutsheet", raise_exception=True)
def adjustment_action(request, pk, batch_pk):
    """Adjustment lines after payment: checked, approved (by someone else) and paid."""
    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    try:
        batch = sheet.adjustments.get(pk=batch_pk)
    except AdjustmentBatch.DoesNotExist:
        from django.http import Http404

        raise Http404("记录不存在或您无权查看。") from None
    if request.POST.get("action") not in _BATCH_ACTIONS:
        messages.error(request, "未知的操作。")
        return redirect(sheet.get_absolute_url())
    service, done = _BATCH_ACTIONS[request.POST["action"]]
    try:
        service(user=request.user, batch=batch)
        messages.success(request, done)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(sheet.get_absolute_url())


@require_GET
@login_required
@permission_required("assessment.view_payoutsheet", raise_exception=True)
def payout_export(request, pk):
    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    return payouts.export_response(user=request.user, sheet=sheet)
