"""Service to society: activities and their themes."""

from liangxin.core.services import ServiceError, create_record
from liangxin.core.tables import Column
from liangxin.core.views import ScopedCreateView, ScopedListView, ScopedUpdateView
from liangxin.partylife.filters import ServiceActivityFilter
from liangxin.partylife.forms import ServiceActivityForm, ServiceThemeForm
from liangxin.partylife.models import ServiceActivity, ServiceTheme
from liangxin.partylife.services import service_activities as activity_services


class ServiceActivityList(ScopedListView):
    model = ServiceActivity
    filterset_class = ServiceActivityFilter
    title = "服务社会"
    related = ("organization",)
    create_url_name = "partylife:service_create"
    columns = [
        Column("date", "日期"),
        Column("title", "活动名称"),
        Column("organization.name", "两新组织"),
        Column("participants", "参与人数"),
        Column("beneficiaries", "受益人数"),
        Column("theme_names", "主题"),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")


class ServiceActivityCreate(ScopedCreateView):
    model = ServiceActivity
    form_class = ServiceActivityForm
    title = "登记服务社会活动"
    success_url_name = "partylife:service_list"

    def save(self, form):
        return activity_services.save_service_activity(
            user=self.request.user,
            activity=form.instance,
            themes=form.cleaned_data["themes"],
        )


class ThemeList(ScopedListView):
    model = ServiceTheme
    title = "服务社会主题"
    create_url_name = "partylife:theme_create"
    columns = [
        Column("name", "主题", link=True),
        Column("region", "区划"),
        Column("active", "启用"),
    ]

    def get_filterset_class(self):
        from django_filters import FilterSet

        class ThemeFilter(FilterSet):
            class Meta:
                model = ServiceTheme
                fields = ["active"]

        return ThemeFilter


class ThemeUpdate(ScopedUpdateView):
    model = ServiceTheme
    form_class = ServiceThemeForm
    title = "修改服务社会主题"
    success_url_name = "partylife:theme_list"


class ThemeCreate(ScopedCreateView):
    model = ServiceTheme
    form_class = ServiceThemeForm
    title = "新增服务社会主题"
    success_url_name = "partylife:theme_list"

    def save(self, form):
        if not self.request.user.region_id:
            raise ServiceError("您的账号未设置区划。")
        form.instance.region_id = self.request.user.region_id
        return create_record(user=self.request.user, instance=form.instance)
