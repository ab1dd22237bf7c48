"""Scheme pages: the scheme list and page, the default scheme, dimension points and
indicators, grade thresholds, the 优秀 quota and veto items (county admin)."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.assessment.filters import SchemeFilter
from liangxin.assessment.forms import (
    DimensionPointsForm,
    IndicatorForm,
    SchemeRulesForm,
    SeedSchemeForm,
    VetoForm,
)
from liangxin.assessment.models import RoundStatus, Scheme, SchemeIndicator, VetoItem
from liangxin.assessment.services import scheme_rules as schemes
from liangxin.assessment.services import scheme_setup as setup_services
from liangxin.assessment.views.base import _fail, tie_break_text
from liangxin.core.models import Role
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ConflictError, ServiceError
from liangxin.core.tables import Column, PercentColumn
from liangxin.core.views import ScopedDetailView, ScopedListView


class SchemeList(ScopedListView):
    model = Scheme
    filterset_class = SchemeFilter
    title = "考核方案"
    related = ("region",)
    create_url_name = "assessment:scheme_seed"
    columns = [
        Column("year", "年度", link=True),
        Column("name", "方案名称"),
        Column("region.name", "区划"),
        PercentColumn("excellent_quota", "优秀比例上限"),
    ]


class SchemeDetail(ScopedDetailView):
    model = Scheme
    template_name = "assessment/scheme_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scheme = self.object
        in_use = scheme.rounds.exclude(status=RoundStatus.DRAFT).exists()
        items = defaultdict(list)
        for item in scheme.indicators.all():
            items[item.dimension_id].append(item)
        ctx.update(
            dimensions=[(d, items[d.pk]) for d in scheme.dimensions.all()],
            vetoes=scheme.vetoes.all(),
            problems=setup_services.scheme_problems(scheme),
            tie_break=tie_break_text(scheme),
            in_use=in_use,
            can_edit=self.request.user.has_role(Role.COUNTY_ADMIN) and not in_use,
            points_form=DimensionPointsForm(scheme=scheme),
        )
        return ctx


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.add_scheme", raise_exception=True)
def scheme_seed(request):
    form = SeedSchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = request.user.region
        if region is None:
            raise PermissionDenied
        try:
            scheme = setup_services.seed_default_scheme(
                user=request.user,
                region=region,
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已按默认方案生成，可逐项修改。")
            return redirect(scheme.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {"form": form, "title": "新建考核方案（按默认方案生成）"},
    )


@require_POST
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def scheme_points(request, pk):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    form = DimensionPointsForm(request.POST, scheme=scheme)
    if not form.is_valid():
        messages.error(request, "请填写有效的维度分值。")
    else:
        try:
            setup_services.set_dimension_points(
                user=request.user, scheme=scheme, points=form.cleaned_data
            )
            messages.success(request, "维度分值已保存。")
        except ServiceError as exc:
            _fail(request, exc)
    return redirect(scheme.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def indicator_edit(request, pk, item_pk=None):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    item = (
        get_for_user(
            SchemeIndicator.objects.filter(scheme=scheme).select_related("scheme"),
            request.user,
            pk=item_pk,
        )
        if item_pk
        else None
    )
    form = IndicatorForm(
        request.POST or None, instance=item, user=request.user, scheme=scheme
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.save_indicator(user=request.user, item=form.instance)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已保存指标：{form.instance.name}")
            return redirect(scheme.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"{scheme} · {'修改' if item else '新增'}指标"},
    )


def _form_error(form, exc: ServiceError):
    field = "quota_percent" if exc.field == "excellent_quota" else exc.field
    form.add_error(field if field in form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def scheme_rules(request, pk):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    form = SchemeRulesForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schemes.update_rules(
                user=request.user,
                scheme=scheme,
                excellent_min=data["excellent_min"],
                competent_min=data["competent_min"],
                basic_min=data["basic_min"],
                excellent_quota=data["excellent_quota"],
                tie_break_order=data["tie_break_order"],
                expected_version=data.get("version"),
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "等次分数线、优秀比例和同分比较顺序已保存。")
            return redirect(scheme.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"{scheme} · 等次分数线和优秀比例"},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def veto_edit(request, pk, veto_pk=None):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    veto = (
        get_for_user(VetoItem.objects.filter(scheme=scheme), request.user, pk=veto_pk)
        if veto_pk
        else None
    )
    initial = {"name": veto.name, "grade": veto.grade} if veto else None
    form = VetoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schemes.save_veto(
                user=request.user, scheme=scheme, veto=veto, **form.cleaned_data
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "一票否决事项已保存。")
            return redirect(scheme.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"{scheme} · {'修改' if veto else '新增'}一票否决事项"},
    )


@require_POST
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def veto_delete(request, pk, veto_pk):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    veto = get_for_user(
        VetoItem.objects.filter(scheme=scheme), request.user, pk=veto_pk
    )
    try:
        schemes.delete_veto(user=request.user, veto=veto)
        messages.success(request, "已删除一票否决事项。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(scheme.get_absolute_url())
