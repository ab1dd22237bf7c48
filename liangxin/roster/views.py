from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from liangxin.core.records import sections_for
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import (
    ImportView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.orgs.models import Organization
from liangxin.roster import services
from liangxin.roster.filters import AssignmentFilter, InstructorFilter, UnitFilter
from liangxin.roster.forms import (
    AssignmentForm,
    DispatchingUnitForm,
    EndAssignmentForm,
    InstructorForm,
)
from liangxin.roster.imports import AssignmentImport, InstructorImport
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor


class InstructorList(ScopedListView):
    model = Instructor
    filterset_class = InstructorFilter
    title = "党建工作指导员"
    related = ("committee", "unit")
    create_url_name = "roster:instructor_create"
    import_url_name = "roster:instructor_import"
    columns = [
        Column("name", "姓名", link=True),
        Column("gender", "性别"),
        Column("source", "来源"),
        Column("unit.name", "派出单位"),
        Column("post", "职务"),
        Column("committee.name", "管理党委"),
        Column("active_assignments", "在岗组织数"),
        Column("status", "状态"),
        Column("appointed_on", "选派日期"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                active_assignments=Count(
                    "assignments", filter=Q(assignments__ended_on__isnull=True)
                )
            )
            .order_by("name", "pk")
        )


class InstructorDetail(ScopedDetailView):
    model = Instructor
    related = ("committee", "unit", "user")
    template_name = "roster/instructor_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = (
            Assignment.objects.visible_to(user)
            .filter(instructor=self.object)
            .select_related("organization")
        )
        ctx["phone"], ctx["phone_revealable"] = services.phone_shown(user, self.object)
        ctx["sections"] = sections_for(self.request.user, self.object)
        return ctx


class InstructorSaveMixin:
    model = Instructor
    form_class = InstructorForm
    success_url_name = "roster:instructor_list"

    def save(self, form):
        return services.save_instructor(
            user=self.request.user,
            instructor=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class InstructorCreate(InstructorSaveMixin, ScopedCreateView):
    title = "新增指导员"


class InstructorUpdate(InstructorSaveMixin, ScopedUpdateView):
    title = "编辑指导员"


class InstructorImportView(ImportView):
    model = Instructor
    spec_class = InstructorImport
    list_url_name = "roster:instructor_list"


class UnitList(ScopedListView):
    model = DispatchingUnit
    filterset_class = UnitFilter
    title = "派出单位"
    create_url_name = "roster:unit_create"
    columns = [
        Column("name", "单位名称", link=True),
        Column("contact_person", "联系人"),
        Column("instructor_count", "指导员数"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(instructor_count=Count("instructors"))
            .order_by("name")
        )


class UnitDetail(ScopedDetailView):
    model = DispatchingUnit
    template_name = "roster/unit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["instructors"] = (
            Instructor.objects.visible_to(self.request.user)
            .filter(unit=self.object)
            .select_related("committee")
        )
        return ctx


class UnitSaveMixin:
    model = DispatchingUnit
    form_class = DispatchingUnitForm
    success_url_name = "roster:unit_list"

    def save(self, form):
        return services.save_unit(
            user=self.request.user,
            unit=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class UnitCreate(UnitSaveMixin, ScopedCreateView):
    title = "新增派出单位"


class UnitUpdate(UnitSaveMixin, ScopedUpdateView):
    title = "编辑派出单位"


class AssignmentList(ScopedListView):
    model = Assignment
    filterset_class = AssignmentFilter
    title = "派驻记录"
    related = ("instructor", "organization", "committee")
    create_url_name = "roster:assign"
    import_url_name = "roster:assignment_import"
    columns = [
        Column("instructor.name", "指导员", link=True),
        Column("organization.name", "两新组织"),
        Column("committee.name", "派驻党委"),
        Column("started_on", "开始日期"),
        Column("ended_on", "结束日期"),
        Column("end_reason", "结束原因"),
    ]


class AssignmentDetail(ScopedDetailView):
    model = Assignment
    related = ("instructor", "organization", "committee")
    template_name = "roster/assignment_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["end_form"] = EndAssignmentForm(initial={"version": self.object.version})
        ctx["can_end"] = self.object.is_active and self.request.user.has_perm(
            "roster.change_assignment"
        )
        return ctx


class AssignmentImportView(ImportView):
    model = Assignment
    spec_class = AssignmentImport
    list_url_name = "roster:assignment_list"


@login_required
@permission_required("roster.add_assignment", raise_exception=True)
def assign(request):
    """Assign an instructor; with an active one present, `reassign` replaces it."""
    user = request.user
    initial = {}
    if org_id := request.GET.get("organization"):
        initial["organization"] = get_for_user(Organization.objects, user, pk=org_id)
    form = AssignmentForm(request.POST or None, user=user, initial=initial)
    current = None
    org = initial.get("organization")
    if org is not None:
        current = (
            Assignment.objects.active()
            .filter(organization=org)
            .select_related("instructor")
            .first()
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("reassign"):
                assignment = services.reassign_organization(
                    user=user,
                    organization=data["organization"],
                    instructor=data["instructor"],
                    started_on=data["started_on"],
                    reason=data["reason"],
                )
            else:
                assignment = services.assign_instructor(
                    user=user,
                    organization=data["organization"],
                    instructor=data["instructor"],
                    started_on=data["started_on"],
                    note=data["reason"],
                )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已派驻：{assignment}")
            return redirect(assignment.organization.get_absolute_url())
    return render(
        request,
        "roster/assign.html",
        {"form": form, "title": "派驻指导员", "current": current},
    )


@require_POST
@login_required
@permission_required("roster.change_assignment", raise_exception=True)
def end(request, pk):
    assignment = get_for_user(
        Assignment.objects.select_related("organization"), request.user, pk=pk
    )
    form = EndAssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.end_assignment(
                user=request.user,
                assignment=assignment,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "派驻已结束。")
    else:
        messages.error(request, "请填写结束日期和原因。")
    return redirect(assignment.get_absolute_url())


@require_POST
@never_cache
@login_required
@permission_required("roster.view_instructor", raise_exception=True)
def instructor_phone(request, pk):
    """The full phone number, on a manager's click on the instructor's page (htmx POST: no
    prefetch or stray link reveals it): each showing is audited (audit.note_reveal); others
    get the masked number. Never cached."""
    instructor = get_for_user(Instructor.objects.all(), request.user, pk=pk)
    shown, revealable = services.phone_shown(request.user, instructor)
    if not revealable:
        return HttpResponse(format_html("<span>{}</span>", shown))
    phone = services.phone_for(request.user, instructor, request=request)
    # on a phone, a tap calls the number
    return HttpResponse(format_html('<a href="tel:{0}">{0}</a>', phone))
