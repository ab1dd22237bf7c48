from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core import audit
from liangxin.core.models import Role
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.validators import mask_phone
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView
from liangxin.handbook.models import HandbookEntry
from liangxin.inspections import services
from liangxin.inspections.filters import InspectionFilter, RectificationFilter
from liangxin.inspections.forms import InspectionForm, RectificationForm
from liangxin.inspections.models import (
    INSPECTORS,
    Inspection,
    InspectionPlan,
    PhoneCall,
    PrivateNote,
    Rating,
    Rectification,
    Satisfaction,
    VisitFrequency,
)
from liangxin.roster.models import Instructor


class InspectionList(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilter
    title = "督查检查"
    related = ("instructor", "organization")
    create_url_name = "inspections:inspection_create"
    columns = [
        Column("date", "日期", link=True),
        Column("kind", "方式"),
        Column("instructor.name", "指导员"),
        Column("organization.name", "两新组织"),
        Column("on_duty", "在岗情况"),
        Column("contact_masses", "联系群众"),
        Column("problem_solving", "解决问题"),
        Column("handbook_records", "手册记录"),
        Column("result", "检查结论"),
    ]


class RectificationList(ScopedListView):
    """整改事项 across inspections (the cockpit's 整改逾期 links here, ?overdue=1)."""

    model = Rectification
    filterset_class = RectificationFilter
    title = "整改事项"
    related = ("inspection__instructor", "inspection__organization")
    columns = [
        Column("description", "整改事项", link=True),
        Column("inspection.instructor.name", "指导员"),
        Column("inspection.organization.name", "两新组织"),
        Column("owner", "责任人"),
        Column("due_on", "整改期限"),
        Column("closed_on", "完成日期"),
    ]

    def get_permission_required(self):
        return ["inspections.view_inspection"]  # rectifications follow their inspection


class InspectionDetail(ScopedDetailView):
    model = Inspection
    related = ("instructor", "organization")
    template_name = "inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        entries = {
            e.pk: e
            for e in HandbookEntry.objects.filter(
                pk__in=[item["entry"] for item in obj.sample]
            )
        }
        ctx.update(
            can_edit=user.has_perm("inspections.change_inspection"),
            is_inspector=user.has_role(*INSPECTORS),
            notes=PrivateNote.objects.visible_to(user)
            .filter(inspection=obj)
            .select_related("by"),
            rectifications=Rectification.objects.visible_to(user)
            .filter(inspection=obj)
            .with_overdue(),
            sample=[
                (
                    item,
                    entries.get(item["entry"]),
                    dict(Rating.choices).get(item.get("rating"), "未评"),
                )
                for item in obj.sample
            ],
            ratings=Rating.choices,
            rectification_form=RectificationForm(),
            calls=phone_calls(user, obj, request=self.request),
            frequencies=VisitFrequency.choices,
            satisfactions=Satisfaction.choices,
        )
        return ctx


def shows_full_phone(user) -> bool:
    """Those who make the calls see the numbers; everyone else (auditors) sees them masked."""
    return user.has_role(Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF)


def phone_calls(user, inspection, *, request=None) -> list[PhoneCall]:
    """The call list of a phone survey as the user may see it: empty for the inspected side;
    full numbers (for the inspectors who call) are audited when the `request` is given."""
    calls = list(
        PhoneCall.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("organization")
    )
    if not shows_full_phone(user):
        for call in calls:
            call.phone = mask_phone(call.phone)
    elif request is not None and any(call.phone for call in calls):
        audit.note_reveal(request, inspection, "电话调查名单手机号")
    return calls


class InspectionCreate(ScopedCreateView):
    model = Inspection
    form_class = InspectionForm
    title = "录入督查检查"
    success_url_name = "inspections:inspection_list"

    def save(self, form):
        return services.record_inspection(
            user=self.request.user,
            inspection=form.instance,
            private_note=form.cleaned_data.get("private_note", ""),
        )


def _inspection(request, pk):
    return get_for_user(
        Inspection.objects.select_related("instructor"), request.user, pk=pk
    )


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def add_note(request, pk):
    inspection = _inspection(request, pk)
    try:
        services.add_private_note(
            user=request.user, inspection=inspection, text=request.POST.get("text", "")
        )
        messages.success(request, "已添加内部备注。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(inspection.get_absolute_url())


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def publish_finding(request, pk):
    inspection = _inspection(request, pk)
    try:
        services.publish_finding(user=request.user, inspection=inspection)
        messages.success(
            request, "暗访缺岗结论已公布，将以“督查发现缺岗”计入考核数据。"
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(inspection.get_absolute_url())


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def add_rectification(request, pk):
    inspection = _inspection(request, pk)
    form = RectificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写整改事项、责任人和整改期限。")
    else:
        try:
            services.add_rectification(
                user=request.user, inspection=inspection, **form.cleaned_data
            )
            messages.success(request, "已添加整改事项。")
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect(inspection.get_absolute_url())


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def close_rectification(request, pk):
    item = get_for_user(
        Rectification.objects.select_related("inspection"), request.user, pk=pk
    )
    try:
        services.close_rectification(
            user=request.user,
            item=item,
            verification=request.POST.get("verification", ""),
        )
        messages.success(request, "整改事项已验收。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(item.inspection.get_absolute_url())


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def rate_sample(request, pk):
    inspection = _inspection(request, pk)
    ratings = {
        item["entry"]: request.POST.get(f"rating_{item['entry']}", "")
        for item in inspection.sample
    }
    try:
        services.rate_sample(user=request.user, inspection=inspection, ratings=ratings)
        messages.success(request, "抽查评价已保存。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(inspection.get_absolute_url())


@require_POST
@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def record_call(request, pk):
    call = get_for_user(
        PhoneCall.objects.select_related("inspection"), request.user, pk=pk
    )
    reached = request.POST.get("reached")
    if reached not in ("1", "0"):
        messages.error(request, "请选择是否接通。")
        return redirect(call.inspection.get_absolute_url())
    try:
        services.record_call(
            user=request.user,
            call=call,
            reached=reached == "1",
            frequency=request.POST.get("frequency", ""),
            satisfaction=request.POST.get("satisfaction", ""),
            comment=request.POST.get("comment", "")[:2000],
        )
        messages.success(request, f"已记录对{call.name}的电话调查。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(call.inspection.get_absolute_url())


class PlanList(ScopedListView):
    model = InspectionPlan
    title = "督查计划"
    filterset_fields = ["name"]
    create_url_name = "inspections:plan_create"
    columns = [
        Column("name", "名称", link=True),
        Column("created_at", "制定时间"),
        Column("size", "抽取人数"),
        Column("seed", "随机种子"),
    ]


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("inspections.add_inspectionplan", raise_exception=True)
def plan_create(request):
    if request.method == "POST":
        try:
            size = int(request.POST.get("size", "0"))
        except ValueError:
            size = 0
        try:
            plan = services.create_plan(
                user=request.user, name=request.POST.get("name", ""), size=size
            )
            return redirect(plan.get_absolute_url())
        except ServiceError as exc:
            messages.error(request, exc.message)
    return render(request, "inspections/plan_form.html", {"title": "制定督查计划"})


class PlanDetail(ScopedDetailView):
    model = InspectionPlan
    template_name = "inspections/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        names = dict(
            Instructor.objects.filter(pk__in=plan.result).values_list("pk", "name")
        )
        ctx.update(
            chosen=[(pk, names.get(pk, "")) for pk in plan.result],
            reproducible=services.rerun_plan(plan) == plan.result,
            population=sum(len(m) for m in plan.inputs.values()),
        )
        return ctx
