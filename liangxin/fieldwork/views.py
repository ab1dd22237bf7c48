import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangxin.core import workcalendar
from liangxin.core.exporting import Sheet, xlsx_file_response
from liangxin.core.figures import Scope, scope_from_request
from liangxin.core.forms import optional_int
from liangxin.core.models import Role
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column, DayKindColumn
from liangxin.core.uploads import IMAGE_TYPES, private_file_response
from liangxin.core.views import ScopedDetailView, ScopedListView, render_kept
from liangxin.core.workcalendar import CalendarMemo
from liangxin.core.workcalendar import describe as describe_day
from liangxin.fieldwork import closing, services
from liangxin.fieldwork.compliance import (
    can_view_compliance,
    grid_cells,
    month_grid,
    month_weeks,
)
from liangxin.fieldwork.figures import compliance_rows
from liangxin.fieldwork.filters import VisitFilter
from liangxin.fieldwork.forms import DisputeForm, MonthForm, VisitForm
from liangxin.fieldwork.models import Visit, VisitStatus


class VisitList(ScopedListView):
    model = Visit
    filterset_class = VisitFilter
    title = "到岗记录"
    related = ("instructor", "organization")
    create_url_name = "fieldwork:checkin"
    columns = [
        Column("date", "到岗日期", link=True),
        DayKindColumn("date", "日期类型"),
        Column("instructor.name", "指导员"),
        Column("organization.name", "两新组织"),
        Column("activity_labels", "工作内容"),
        Column("recorded_via", "记录方式"),
        Column("status", "确认状态"),
        Column("needs_review", "需核查"),
        Column("distance_m", "距组织（米）"),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # weekend and holiday visits count and are marked (domain-rules §0): one calendar
        # memo per request for the page and its export
        memo = CalendarMemo()
        self.columns = [
            DayKindColumn(c.path, c.label, c.link, memo=memo)
            if isinstance(c, DayKindColumn)
            else c
            for c in type(self).columns
        ]


class VisitDetail(ScopedDetailView):
    model = Visit
    related = ("instructor", "organization", "assignment", "confirmed_by")
    template_name = "fieldwork/visit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = (
            False  # a visit is never edited in place; corrections are recorded
        )
        ctx["day"] = describe_day(self.object.date)
        ctx["can_decide"] = (
            self.object.status == VisitStatus.PENDING
            and services.can_decide(self.request.user, self.object)
        )
        ctx["dispute_form"] = DisputeForm(initial={"version": self.object.version})
        ctx["can_review"] = self.object.status in (
            VisitStatus.AWAITING_APPROVAL,
            VisitStatus.DISPUTED,
            VisitStatus.PENDING,
        ) and services.can_review(self.request.user, self.object)
        return ctx


@login_required
@permission_required("fieldwork.add_visit", raise_exception=True)
def checkin(request):
    """The instructor's phone page: today's check-in with location, or a late entry."""
    user = request.user
    form = VisitForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                user=user,
                organization=data["organization"],
                date=data["date"],
                activities=data["activities"],
                summary=data["summary"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                accuracy=data["accuracy"],
                idempotency_key=data["idempotency_key"] or None,
                on_site=form.is_on_site,
                device=request.headers.get("User-Agent", "")[:200],
                photo=data.get("photo"),
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if visit.status == VisitStatus.AWAITING_APPROVAL:
                text = (
                    f"已记录：{visit.date:%Y-%m-%d} {visit.organization}。已超过补录期限，"
                    "须经行业党委审批后再由联络员确认。"
                )
            else:
                text = f"已记录：{visit.date:%Y-%m-%d} {visit.organization}，等待联络员确认。"
            if visit.needs_review:
                text += f"签到位置距组织约 {visit.distance_m} 米，已标记待核查。"
            messages.success(request, text)
            if request.headers.get("X-Requested-With") == "fetch":
                # the page's script submits with fetch (to notice a dead network) and
                # navigates itself; a followed redirect would swallow the message
                return JsonResponse({"url": visit.get_absolute_url()})
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "fieldwork/checkin.html",
        {
            "form": form,
            "title": "到岗签到",
            "has_organizations": form.fields["organization"].queryset.exists(),
        },
    )


@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def photo(request, pk):
    """The visit's photo, to those who may see the visit (404 otherwise)."""
    visit = get_for_user(
        Visit.objects.select_related("instructor"), request.user, pk=pk
    )
    if not visit.photo:
        raise Http404("该到岗记录没有照片。")
    return private_file_response(
        visit.photo,
        types=IMAGE_TYPES,
        inline_name=f"{visit.instructor.name}-{visit.date:%Y-%m-%d}到岗照片",
    )


def _decision_target(request, pk) -> Visit:
    visit = get_for_user(
        Visit.objects.select_related("organization", "instructor"), request.user, pk=pk
    )
    if not services.can_decide(request.user, visit):
        raise PermissionDenied("只有该组织的党建联络员可以确认或提出异议。")
    return visit


@require_POST
@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def confirm(request, pk):
    visit = _decision_target(request, pk)
    try:
        services.confirm_visit(
            user=request.user,
            visit=visit,
            expected_version=optional_int(request.POST.get("version")),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已确认{visit.instructor} {visit.date:%Y-%m-%d} 到岗。"
        )
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect(visit.get_absolute_url())


@require_POST
@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def dispute(request, pk):
    visit = _decision_target(request, pk)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写异议理由。")
        return redirect(visit.get_absolute_url())
    try:
        services.dispute_visit(
            user=request.user,
            visit=visit,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已提出异议，行业党委将核实处理。")
    return redirect(visit.get_absolute_url())


def _can_see_review(user) -> bool:
    return user.has_role(Role.COMMITTEE_STAFF, Role.COUNTY_ADMIN)


@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def review(request):
    """The committee's desk: late entries to approve, disputed and long-unconfirmed visits."""
    user = request.user
    if not _can_see_review(user):
        raise Http404("记录不存在或您无权查看。")
    days = services.confirm_within_days_for(user)
    scope = scope_from_request(request)  # ?region= / ?committee= from the cockpit
    visible = scope.narrow(
        Visit.objects.visible_to(user), committee_path="organization__committee_id"
    )
    only_overdue = request.GET.get("overdue") == "1"
    queue = (
        visible.unconfirmed_past(days)
        if only_overdue
        else visible.for_committee_review(days)
    )
    return render(
        request,
        "fieldwork/review.html",
        {
            "title": "到岗审核",
            "visits": queue.select_related("instructor", "organization").order_by(
                "date", "id"
            )[:REVIEW_SHOWN],
            "row_count": queue.count(),
            "shown": REVIEW_SHOWN,
            "only_overdue": only_overdue,
            "days": days,
            "overdue_count": visible.unconfirmed_past(days).count(),
        },
    )


REVIEW_SHOWN = 200


REVIEW_ACTIONS = {
    "approve": (services.approve_late_entry, "已批准补录，等待联络员确认。"),
    "reject_late": (services.reject_late_entry, "已不予补录。"),
    "uphold": (services.uphold_visit, "已认定到岗，计入当月天数。"),
    "reject": (services.reject_visit, "已驳回该到岗记录。"),
}


@require_POST
@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def review_action(request, pk, action):
    if action not in REVIEW_ACTIONS:
        raise Http404("操作不存在。")
    visit = get_for_user(
        Visit.objects.select_related("organization", "instructor"), request.user, pk=pk
    )
    if not services.can_review(request.user, visit):
        raise PermissionDenied("只有该组织所属行业党委或县级管理员可以审批。")
    service, text = REVIEW_ACTIONS[action]
    try:
        service(
            user=request.user,
            visit=visit,
            reason=request.POST.get("reason", ""),
            expected_version=optional_int(request.POST.get("version")),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, text)
    if request.POST.get("next") == "review":
        return redirect("fieldwork:review")
    return redirect(visit.get_absolute_url())


COMPLIANCE_COLUMNS = [
    Column("name", "指导员"),
    Column("unit", "派出单位"),
    Column("confirmed_days", "已确认天数"),
    Column("pending_days", "待确认天数"),
    Column("required", "最少天数"),
    Column("shortfall", "还差天数"),
]


#: the day grid's marks, as on the page (✓ confirmed, ? pending, ✗ disputed)
GRID_MARKS = {
    VisitStatus.CONFIRMED: "✓",
    VisitStatus.PENDING: "?",
    VisitStatus.DISPUTED: "✗",
}


def _compliance_workbook(user, title: str, rows, days, year: int, month: int):
    """The totals on the first sheet, the instructors × days grid of the page on the second
    (one query for the grid, whatever the number of instructors)."""
    grid = month_grid(user, year, month, [row.instructor_id for row in rows])
    day_labels = [
        f"{day.date.day}日" + ("" if day.kind == "workday" else f"（{day.kind_label}）")
        for day in days
    ]
    grid_rows = (
        [
            row.name,
            row.unit,
            *(
                GRID_MARKS.get(grid.get(row.instructor_id, {}).get(day.date), "")
                for day in days
            ),
            row.confirmed_days,
            row.required,
        ]
        for row in rows
    )
    legend = "✓ 已确认到岗　? 待联络员确认　✗ 有异议；一天到过几处也只算一天。"
    if any(day.provisional for day in days):
        legend += "本月节假日安排暂定。"
    sheets = [
        Sheet(title, COMPLIANCE_COLUMNS, rows),
        Sheet(
            "每日到岗",
            ["指导员", "派出单位", *day_labels, "已确认天数", "最少天数"],
            grid_rows,
            header=[[f"{title}（每日）"], [legend]],
            widths=[
                12,
                20,
                *(6 if day.kind == "workday" else 12 for day in days),
                10,
                8,
            ],
        ),
    ]
    return xlsx_file_response(
        user=user,
        sheets=sheets,
        filename=f"{title}-{timezone.localdate():%Y%m%d}.xlsx",
        note=f"导出“{title}”{len(rows)}条（含每日到岗表）。月份：{year}-{month:02d}",
    )


def _shift(year: int, month: int, delta: int) -> str:
    index = year * 12 + month - 1 + delta
    return f"{index // 12}-{index % 12 + 1:02d}"


@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def compliance(request):
    """Instructors × days of the month: distinct confirmed days against the minimum (kept for
    the next viewers: core.views.render_kept)."""
    user = request.user
    if not can_view_compliance(user):
        raise Http404("记录不存在或您无权查看。")
    year, month = MonthForm(request.GET).month_value()
    scope = scope_from_request(request)
    title = f"{year}年{month}月到岗情况"
    met = request.GET.get("met")

    def month_rows():
        # the cockpit's rows: from the facts when they hold every instructor's month, else live
        rows = compliance_rows(
            Scope(
                user, year, month, region=scope.region, committee_id=scope.committee_id
            )
        )
        short_count = sum(1 for row in rows if not row.met)
        if met in ("yes", "no"):
            rows = [row for row in rows if row.met == (met == "yes")]
        return rows, short_count

    if request.GET.get("export") == "xlsx":
        rows, _short = month_rows()
        days = workcalendar.month_days(year, month)
        return _compliance_workbook(user, title, rows, days, year, month)

    def context():
        rows, short_count = month_rows()
        days = workcalendar.month_days(year, month)
        today = timezone.localdate()
        page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
        grid = month_grid(
            user, year, month, [row.instructor_id for row in page_obj.object_list]
        )
        table = [
            (row, grid_cells(days, grid.get(row.instructor_id, {})))
            for row in page_obj.object_list
        ]
        query = request.GET.copy()
        for key in ("page", "export", "month"):
            query.pop(key, None)
        own = (
            user.role == Role.INSTRUCTOR
            and len(table) == 1
            and table[0][0].instructor_id == user.instructor_id
        )
        return {
            "title": title,
            "days": days,
            "table": table,
            # an instructor's own month, as a calendar on a phone
            "weeks": month_weeks(days, grid.get(user.instructor_id, {}))
            if own
            else None,
            "month": f"{year}-{month:02d}",
            "previous": _shift(year, month, -1),
            "next": _shift(year, month, 1),
            "is_current": (year, month) >= (today.year, today.month),
            "provisional": any(day.provisional for day in days),
            "short_count": short_count,
            "page_obj": page_obj,
            "row_count": len(rows),
            "met": met,
            "filters": query.urlencode(),
            "closed": user.region_id
            and services.is_month_closed(user.region_id, datetime.date(year, month, 1)),
            "can_close": (
                user.role == Role.COUNTY_ADMIN
                and bool(user.region_id)
                and (year, month) < (today.year, today.month)
            ),
        }

    return render_kept(
        request,
        "fieldwork.compliance",
        "fieldwork/_compliance_body.html",
        context,
    )


@require_POST
@login_required
@permission_required("fieldwork.view_visit", raise_exception=True)
def close(request):
    """A county admin closes a finished month by hand (cron does it on the 1st)."""
    user = request.user
    if user.role != Role.COUNTY_ADMIN or not user.region_id:
        raise PermissionDenied("只有县级管理员可以结账。")
    year, month = MonthForm(request.POST).month_value()
    try:
        _, created = closing.close_month(
            user=user, region=user.region, year=year, month=month
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{year}年{month}月已结账。"
            if created
            else f"{year}年{month}月此前已结账。",
        )
    return redirect(reverse("fieldwork:compliance") + f"?month={year}-{month:02d}")
