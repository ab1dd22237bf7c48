"""Pages that edit a scheme's grade thresholds, 优秀 quota and veto items (county admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.assessment import schemes
from liangxin.assessment.forms import SchemeRulesForm, VetoForm
from liangxin.assessment.models import Scheme, VetoItem
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ConflictError, ServiceError


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
                user=request.user, scheme=scheme, excellent_min=data["excellent_min"],
                competent_min=data["competent_min"], basic_min=data["basic_min"],
                excellent_quota=data["excellent_quota"], expected_version=data.get("version"))
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "等次分数线和优秀比例已保存。")
            return redirect(scheme.get_absolute_url())
    return render(request, "core/form.html", {
        "form": form, "title": f"{scheme} · 等次分数线和优秀比例"})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def veto_edit(request, pk, veto_pk=None):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    veto = get_for_user(VetoItem.objects.filter(scheme=scheme), request.user,
                        pk=veto_pk) if veto_pk else None
    initial = {"name": veto.name, "grade": veto.grade} if veto else None
    form = VetoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schemes.save_veto(user=request.user, scheme=scheme, veto=veto,
                              **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "一票否决事项已保存。")
            return redirect(scheme.get_absolute_url())
    return render(request, "core/form.html", {
        "form": form, "title": f"{scheme} · {'修改' if veto else '新增'}一票否决事项"})


@require_POST
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def veto_delete(request, pk, veto_pk):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    veto = get_for_user(VetoItem.objects.filter(scheme=scheme), request.user, pk=veto_pk)
    try:
        schemes.delete_veto(user=request.user, veto=veto)
        messages.success(request, "已删除一票否决事项。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(scheme.get_absolute_url())
