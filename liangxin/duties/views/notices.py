"""Pages of notices (通报) and role models."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.tables import Column
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.duties.filters import NoticeFilter
from liangxin.duties.forms import NoticeForm
from liangxin.duties.models import Notice
from liangxin.duties.services.notices import (
    publish_notice,
    save_notice,
    withdraw_notice,
)
from liangxin.duties.services.year_end import _county_admin_of
from liangxin.duties.views.base import _run


class NoticeList(ScopedListView):
    model = Notice
    filterset_class = NoticeFilter
    title = "通报"
    create_url_name = "duties:notice_create"
    columns = [
        Column("title", "标题", link=True),
        Column("kind", "通报类别"),
        Column("status", "状态"),
        Column("published_at", "发布时间"),
    ]


class NoticeCreate(ScopedCreateView):
    model = Notice
    form_class = NoticeForm
    title = "起草通报"
    success_url_name = "duties:notice_list"

    def save(self, form):
        return save_notice(
            user=self.request.user,
            notice=form.instance,
            instructors=form.cleaned_data["instructors"],
        )


class NoticeUpdate(ScopedUpdateView):
    model = Notice
    form_class = NoticeForm
    title = "修改通报"
    success_url_name = "duties:notice_list"

    def save(self, form):
        return save_notice(
            user=self.request.user,
            notice=form.instance,
            instructors=form.cleaned_data["instructors"],
            expected_version=form.cleaned_data.get("version"),
        )


class NoticeDetail(ScopedDetailView):
    model = Notice
    template_name = "duties/notice_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        admin = _county_admin_of(user, obj.region_id)
        ctx.update(
            can_edit=admin and obj.status == "draft",
            is_admin=admin,
            named=obj.instructors.order_by("name"),
            transitions=obj.transitions.select_related("by"),
        )
        return ctx


@require_POST
@login_required
@permission_required("duties.change_notice", raise_exception=True)
def notice_move(request, pk, to):
    actions = {
        "published": (publish_notice, "已发布通报，本区划指导员将收到通知。"),
        "withdrawn": (withdraw_notice, "已撤销通报。"),
    }
    if to not in actions:
        raise Http404("操作不存在。")
    obj = get_for_user(Notice.objects, request.user, pk=pk)
    action, text = actions[to]
    return _run(request, obj, action, text, notice=obj)


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("duties.view_notice", raise_exception=True)
def role_models(request):
    """先进典型: the published commendations with their stories and the instructors named."""
    notices = (
        Notice.objects.visible_to(request.user)
        .filter(kind="commendation", status="published")
        .prefetch_related("instructors")
        .order_by("-published_at", "-id")
    )
    return render(
        request, "duties/role_models.html", {"title": "先进典型", "notices": notices}
    )
