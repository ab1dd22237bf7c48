"""Scoped CRUD: one small set of mixins that every app's pages use."""

import base64
import binascii

import django_filters
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.constants import EMPTY_VALUES
from django_filters.views import FilterView

from liangxin.core import audit, importing, ordering, summaries
from liangxin.core.exporting import XLSX_TYPE, disposition, xlsx_response
from liangxin.core.forms import ImportUploadForm
from liangxin.core.history import history_for
from liangxin.core.models import AuditAction, AuditLog, Notification
from liangxin.core.params import is_number
from liangxin.core.passwords import remember_expiry
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.tables import Column, sort_lookup


def year_param(request, name: str = "year") -> int:
    """The year a page asks for in `?year=` (this year when absent); 404 outside 2000–2100."""
    value = request.GET.get(name, "")
    year = int(value) if is_number(value, 4) else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404("年度无效。")
    return year


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


PAGE_SIZES = (20, 50, 100)


class ColumnOrdering(django_filters.OrderingFilter):
    """`?o=` sorting by any column that maps to a database field, the primary key breaking
    ties so that pages do not repeat or skip rows; text in pinyin order and empty values
    last (core.ordering)."""

    descending_fmt = "%s（倒序）"

    def filter(self, qs, value):
        params = [p for p in (value or []) if p not in EMPTY_VALUES]
        if not params:
            return qs
        pinyin = ordering.collation(qs)
        terms = [
            ordering.column_term(qs.model, self.get_ordering_value(p), pinyin)
            for p in params
        ]
        return qs.order_by(*terms, "-pk" if params[-1].startswith("-") else "pk")


def render_kept(
    request,
    name: str,
    body_template: str,
    context,
    *,
    scripts=(),
    crumbs=False,
    keep=True,
):
    """A page whose body (everything below the layout) is kept for the next viewers with the
    same role and query until anything in their county is recorded (summaries.kept_body):
    `context()` builds the body's context, its title included, only when it is computed.
    `scripts` are the static scripts the body uses; `crumbs`: the body opens with its own
    breadcrumb (the layout's is left out); `keep=False` computes it now and keeps nothing."""

    def render_body():
        ctx = context()
        return ctx.get("title", ""), render_to_string(body_template, ctx, request)

    if keep:
        title, body = summaries.kept_body(request, name, render_body)
    else:
        title, body = render_body()
    return _around(request, title, body, scripts=scripts, crumbs=crumbs)


#: where a kept body's own breadcrumb ends (`render_kept(crumbs=True)`): the request's
#: messages go there, below it, as below the layout's breadcrumb on every other page
CRUMBS_END = "<!--crumbs-end-->"


def _around(request, title: str, body: str, *, scripts=(), crumbs=False):
    """The site's layout, rendered for this request, around a body rendered before."""
    head, found, rest = body.partition(CRUMBS_END)
    if not (
        crumbs and found
    ):  # a body kept before the marker existed: messages above it
        head, rest = "", body
    return render(
        request,
        "core/kept_page.html",
        {
            "title": title,
            # both parts of a body a template rendered (and escaped) before
            "kept_crumbs": mark_safe(head),
            "kept_rest": mark_safe(rest),
            "scripts": scripts,
            "own_crumbs": crumbs,
        },
    )


class ScopedListView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """A filtered, sorted, paginated list of what the user may see; `?export=xlsx` exports it.

    Every column that maps to a database field sorts (`?o=path`, `?o=-path`), next to the
    filterset's own orderings; `?per=` picks 20, 50 or 100 rows a page; an htmx request from
    the filter form gets only the results (core/_list_results.html).

    At a county, what the page shows below the layout is kept (core.summaries.kept_body) for
    the next viewer with the same role and query until anything in the county is recorded:
    the filters, the count and the rows are not queried again. A view whose results depend on
    anything not recorded in the audit log sets `kept = False` (the audit log itself)."""

    template_name = "core/list.html"
    paginate_by = PAGE_SIZES[0]
    columns: list[Column] = []
    related: tuple[str, ...] = ()
    title = ""
    create_url_name = ""
    import_url_name = ""
    results_template = "core/_list_results.html"  # what an htmx request gets
    kept = True

    def get_permission_required(self):
        return [_perm(self.model, "view")]

    def get_queryset(self):
        return ordering.default_order(
            self.model.objects.visible_to(self.request.user).select_related(
                *self.related
            )
        )

    def get_paginate_by(self, queryset):
        per = self.request.GET.get("per", "")
        return (
            int(per)
            if is_number(per, 3) and int(per) in PAGE_SIZES
            else self.paginate_by
        )

    def paginate_queryset(self, queryset, page_size):
        """As ListView, but a page number past the end or not a number shows the last or
        the first page (a bookmark of page 9 after rows were removed), never a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        fields, labels = {}, {}
        own = filterset.filters.get("o")
        if isinstance(own, django_filters.OrderingFilter):
            for param, lookup in own.param_map.items():
                fields[lookup] = param
            for value, label in own.extra.get("choices", []):
                if not value.startswith("-"):
                    labels[own.param_map.get(value, value)] = label
        for column in self.columns:
            lookup = sort_lookup(self.model, column)
            if lookup and column.path not in fields.values() and lookup not in fields:
                fields[lookup] = column.path
                labels[lookup] = column.label
        column_ordering = ColumnOrdering(
            label="排序", fields=fields, field_labels=labels, empty_label="排序：默认"
        )
        column_ordering.field_name = "o"
        column_ordering.model = filterset._meta.model
        column_ordering.parent = filterset
        filterset.filters["o"] = column_ordering
        allowed = {value for value, _ in column_ordering.extra["choices"]}
        if filterset.data.get("o", "") and filterset.data["o"] not in allowed:
            # a stale or edited sort key leaves the list unsorted, not empty
            filterset.data = filterset.data.copy()
            filterset.data.pop("o")
        return filterset

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            qs = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            return xlsx_response(
                user=request.user,
                queryset=qs,
                columns=self.columns,
                title=self.title,
                note=f"条件：{request.GET.urlencode()}",
                request=request,
            )
        own = (
            type(self).get_template_names is not ScopedListView.get_template_names
            or self.template_name != ScopedListView.template_name
        )
        if not self.kept or own:  # a page with more than the list is not kept
            return super().get(request, *args, **kwargs)
        partial = request.headers.get("HX-Target") == "list-results"
        body_template = self.results_template if partial else "core/_list_body.html"
        view = f"list:{type(self).__module__}.{type(self).__qualname__}:{body_template}"

        def render_body():
            response = super(ScopedListView, self).get(request, *args, **kwargs)
            response.template_name = [body_template]
            return self.title, response.rendered_content

        title, body = summaries.kept_body(request, view, render_body)
        return HttpResponse(body) if partial else _around(request, title, body)

    def get_template_names(self):
        if self.request.headers.get("HX-Target") == "list-results":
            return [self.results_template]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        ordering = self.request.GET.get("o", "")
        ctx.update(
            title=self.title,
            columns=self.columns,
            querystring=query.urlencode(),
            sortable=ctx["filter"].filters["o"].param_map,
            sorted_by=ordering.lstrip("-"),
            sorted_descending=ordering.startswith("-"),
            page_sizes=PAGE_SIZES,
            page_size=self.get_paginate_by(None),
            partial=self.request.headers.get("HX-Target") == "list-results",
            can_create=bool(self.create_url_name)
            and self.request.user.has_perm(_perm(self.model, "add")),
            create_url=reverse(self.create_url_name) if self.create_url_name else "",
            import_url=reverse(self.import_url_name)
            if self.import_url_name
            and self.request.user.has_perm(_perm(self.model, "add"))
            else "",
        )
        return ctx


class ScopedDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    related: tuple[str, ...] = ()

    def get_permission_required(self):
        return [_perm(self.model, "view")]

    def get_object(self, queryset=None):
        qs = self.model.objects.select_related(*self.related)
        return get_for_user(qs, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_edit"] = user.has_perm(_perm(self.model, "change"))
        if user.has_perm("core.view_auditlog"):
            ctx["history"] = history_for(self.object, user)
        return ctx


class ScopedFormMixin(LoginRequiredMixin, PermissionRequiredMixin):
    template_name = "core/form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存：{self.object}")
        if (
            not self.model.objects.visible_to(self.request.user)
            .filter(pk=self.object.pk)
            .exists()
        ):
            messages.info(self.request, "该记录已不在您的管辖范围内。")
            return redirect(self.success_url_name)
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title}


class ScopedCreateView(ScopedFormMixin, CreateView):
    def get_permission_required(self):
        return [_perm(self.model, "add")]

    def save(self, form):
        return create_record(user=self.request.user, instance=form.instance)


class ScopedUpdateView(ScopedFormMixin, UpdateView):
    def get_permission_required(self):
        return [_perm(self.model, "change")]

    def get_object(self, queryset=None):
        return get_for_user(self.model.objects, self.request.user, pk=self.kwargs["pk"])

    def save(self, form):
        return update_record(
            user=self.request.user,
            instance=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class ImportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Upload → preview (every error, nothing stored) → confirm (all rows or none)."""

    spec_class: type[importing.ImportSpec]
    model = None
    list_url_name = ""
    template_name = "core/import.html"

    def get_permission_required(self):
        return [_perm(self.model, "add")]

    def render(self, request, **ctx):
        spec = self.spec_class()
        return render(
            request,
            self.template_name,
            {
                "spec": spec,
                "title": f"导入{spec.title}",
                "list_url": reverse(self.list_url_name),
                "form": ctx.pop("form", ImportUploadForm()),
                **ctx,
            },
        )

    def get(self, request):
        if request.GET.get("template"):
            spec = self.spec_class()
            response = HttpResponse(
                importing.template_workbook(spec), content_type=XLSX_TYPE
            )
            response["Content-Disposition"] = disposition(f"{spec.title}导入模板.xlsx")
            return response
        return self.render(request)

    def post(self, request):
        spec = self.spec_class()
        if "confirm" in request.POST:
            try:
                content = base64.b64decode(
                    request.POST.get("content", ""), validate=True
                )
            except (binascii.Error, ValueError):
                content = b""
            filename = request.POST.get("filename", "")[:200]
            result = importing.run_import(
                spec, user=request.user, content=content, filename=filename, commit=True
            )
            if result.ok:
                messages.success(request, f"导入成功，共 {result.saved} 条。")
                return redirect(self.list_url_name)
            return self.render(
                request,
                result=result,
                filename=filename,
                message="文件未导入：数据有误，请修改后重新上传。",
            )
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            form.add_error("file", "文件超过 5 MB，请分批导入。")
            return self.render(request, form=form)
        content = upload.read()
        result = importing.run_import(
            spec, user=request.user, content=content, filename=upload.name, commit=False
        )
        return self.render(
            request,
            result=result,
            filename=upload.name,
            content=base64.b64encode(content).decode() if result.ok else "",
        )


class AuditListView(ScopedListView):
    model = AuditLog
    title = "审计日志"
    kept = False  # it lists the readings too (logins, exports), which keep other pages
    related = ("user", "content_type")
    columns = [
        Column("at", "时间"),
        Column("username", "操作人"),
        Column("action", "操作"),
        Column("content_type", "对象类型"),
        Column("object_repr", "对象"),
        Column("note", "说明"),
        Column("request_id", "请求编号", css="text-break"),
    ]

    def get_filterset_class(self):
        from liangxin.core.filters import AuditLogFilter

        return AuditLogFilter


@login_required
def inbox(request):
    """The user's own notifications, newest first; unread ones are highlighted."""
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "core/inbox.html",
        {
            "title": "消息通知",
            "page_obj": page,
            "has_unread": notifications.unread().exists(),
        },
    )


@require_POST
@login_required
def inbox_read(request, pk):
    """Mark one notification read, then follow its link if asked (`follow=1`)."""
    notification = get_for_user(Notification.objects, request.user, pk=pk)
    Notification.objects.filter(pk=notification.pk).mark_read()
    target = notification.url
    if (
        request.POST.get("follow")
        and target
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return redirect(target)
    return redirect("core:inbox")


@require_POST
@login_required
def inbox_read_all(request):
    count = Notification.objects.visible_to(request.user).mark_read()
    messages.success(
        request, f"已将 {count} 条通知标为已读。" if count else "没有未读通知。"
    )
    return redirect("core:inbox")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (forced once it is older than the county's maximum age)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_expiry(self.request, form.user)
        audit.log(
            user=form.user, action=AuditAction.UPDATE, obj=form.user, note="修改密码"
        )
        messages.success(self.request, "密码已修改。")
        return response
