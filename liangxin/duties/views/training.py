"""Pages of training events, attendance, sign-in and hours."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.forms import optional_year
from liangxin.core.params import is_number
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.duties.filters import TrainingFilter
from liangxin.duties.forms import TrainingForm
from liangxin.duties.models import TrainingEvent
from liangxin.duties.services import training as training_services
from liangxin.duties.services.selectors import training_hour_rows
from liangxin.duties.views.base import _done
from liangxin.roster.models import Instructor


class TrainingList(ScopedListView):
    model = TrainingEvent
    filterset_class = TrainingFilter
    title = "培训"
    create_url_name = "duties:training_create"
    columns = [
        Column("title", "培训名称", link=True),
        Column("kind", "培训形式"),
        Column("date", "培训日期"),
        Column("hours", "学时"),
        Column("location", "地点"),
    ]


class TrainingCreate(ScopedCreateView):
    model = TrainingEvent
    form_class = TrainingForm
    title = "组织培训"
    success_url_name = "duties:training_list"

    def save(self, form):
        return training_services.save_training(
            user=self.request.user, event=form.instance
        )


class TrainingUpdate(ScopedUpdateView):
    model = TrainingEvent
    form_class = TrainingForm
    title = "修改培训"
    success_url_name = "duties:training_list"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not training_services.can_organize(self.request.user, obj):
            raise PermissionDenied("只有县级管理员或本培训的组织单位可以修改培训。")
        return obj

    def save(self, form):
        return training_services.save_training(
            user=self.request.user,
            event=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class TrainingDetail(ScopedDetailView):
    model = TrainingEvent
    template_name = "duties/training_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        manage = training_services.can_organize(user, obj)
        # the enrolled list follows the same scope as everything else
        enrolments = list(
            obj.enrolments.filter(
                instructor__in=Instructor.objects.visible_to(user)
            ).select_related("instructor")
        )
        ctx.update(
            can_edit=manage,
            can_manage=manage,
            enrolments=enrolments,
            today=timezone.localdate(),
        )
        if manage:
            listed = {e.instructor_id for e in enrolments}
            ctx["candidates"] = [
                i
                for i in Instructor.objects.visible_to(user)
                .filter(region_id=obj.region_id)
                .active()
                .order_by("name")
                if i.pk not in listed
            ]
            ctx["signin_url"] = self.request.build_absolute_uri(obj.signin_path())
            # shown on a screen at the venue; instructors scan it with the phone's camera
            ctx["signin_qr"] = segno.make(ctx["signin_url"], error="m").svg_data_uri(
                scale=6
            )
        return ctx


def _organized(request, pk) -> TrainingEvent:
    obj = get_for_user(TrainingEvent.objects, request.user, pk=pk)
    if not training_services.can_organize(request.user, obj):
        raise PermissionDenied("只有培训组织人可以办理此操作。")
    return obj


@require_POST
@login_required
@permission_required("duties.change_trainingevent", raise_exception=True)
def training_enrol(request, pk):
    obj = _organized(request, pk)
    ids = [i for i in request.POST.getlist("instructors") if is_number(i)]
    chosen = list(Instructor.objects.visible_to(request.user).filter(pk__in=ids))
    try:
        added = training_services.enrol(
            user=request.user, event=obj, instructors=chosen
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(request, obj, f"已安排 {added} 名指导员参训。")


@require_POST
@login_required
@permission_required("duties.change_trainingevent", raise_exception=True)
def training_attendance(request, pk):
    obj = _organized(request, pk)
    ids = [i for i in request.POST.getlist("attended") if is_number(i)]
    try:
        changed = training_services.mark_attendance(
            user=request.user, event=obj, attended_ids=ids
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(request, obj, f"已登记签到（变动 {changed} 人）。")


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duties.view_trainingevent", raise_exception=True)
def training_signin(request, pk, token):
    """The link the instructor opens (scanned from the organizer's screen) on the day."""
    obj = get_for_user(TrainingEvent.objects, request.user, pk=pk)
    if request.method == "POST":
        try:
            training_services.self_sign_in(user=request.user, event=obj, token=token)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect(obj.get_absolute_url())
        return _done(request, obj, "签到成功。")
    return render(
        request,
        "duties/training_signin.html",
        {"title": f"培训签到：{obj.title}", "object": obj, "token": token},
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("duties.view_trainingevent", raise_exception=True)
def training_hours(request):
    """Each visible instructor's hours this year against the Policy's target."""
    year = optional_year(request.GET.get("year")) or timezone.localdate().year
    rows = training_hour_rows(request.user, year)
    return render(
        request,
        "duties/training_hours.html",
        {"title": f"{year}年培训学时", "rows": rows, "year": year},
    )
