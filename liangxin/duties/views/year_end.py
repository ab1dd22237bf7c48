"""Pages of year-end duty reports (年终述职) and their evaluation (述职评议)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedDetailView, ScopedListView
from liangxin.duties.filters import DutyReportFilter, RoundFilter
from liangxin.duties.forms import DutyReportForm, RatingForm
from liangxin.duties.models import DutyReport, EvaluationRound, Rating, RoundStatus
from liangxin.duties.services.base import instructor_of
from liangxin.duties.services.reports import can_review
from liangxin.duties.services.selectors import visible_ratings
from liangxin.duties.services.year_end import (
    _county_admin_of,
    edit_duty_report,
    move_round,
    open_round,
    rate,
    rateable_instructors,
    return_duty_report,
    start_duty_report,
    submit_duty_report,
)
from liangxin.duties.views.base import _done, _run


class DutyReportList(ScopedListView):
    model = DutyReport
    filterset_class = DutyReportFilter
    title = "年终述职报告"
    related = ("instructor",)
    columns = [
        Column("year", "年度", link=True),
        Column("instructor.name", "指导员"),
        Column("status", "状态"),
        Column("submitted_at", "提交时间"),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.user.has_perm("duties.add_dutyreport"):
            ctx["create_url"] = reverse("duties:duty_report_create")
            ctx["can_create"] = True
        return ctx


class DutyReportDetail(ScopedDetailView):
    model = DutyReport
    related = ("instructor",)
    template_name = "duties/duty_report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        own = obj.instructor.user_id == user.pk
        ctx.update(
            can_edit=own and obj.is_editable,
            can_return=obj.status == "submitted" and can_review(user, obj),
            form=DutyReportForm(
                initial={"content": obj.content, "version": obj.version}
            ),
            transitions=obj.transitions.select_related("by"),
        )
        return ctx


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duties.add_dutyreport", raise_exception=True)
def duty_report_create(request):
    """GET: the user's report of this year (or a button to start it); POST: start it."""
    instructor = instructor_of(request.user)
    if instructor is None:
        raise PermissionDenied("只有党建工作指导员可以填写述职报告。")
    year = timezone.localdate().year
    existing = DutyReport.objects.filter(instructor=instructor, year=year).first()
    if existing is not None:
        return redirect(existing.get_absolute_url())
    if request.method == "POST":
        try:
            report = start_duty_report(user=request.user, year=year)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("duties:duty_report_list")
        return _done(request, report, "已生成述职报告草稿，请修改后提交。")
    return render(
        request,
        "duties/duty_report_create.html",
        {"title": f"填写{year}年度述职报告", "year": year},
    )


def _duty_report(request, pk) -> DutyReport:
    return get_for_user(
        DutyReport.objects.select_related("instructor"), request.user, pk=pk
    )


@require_POST
@login_required
@permission_required("duties.change_dutyreport", raise_exception=True)
def duty_report_save(request, pk):
    obj = _duty_report(request, pk)
    if obj.instructor.user_id != request.user.pk:
        raise PermissionDenied("只有指导员本人可以办理此操作。")
    form = DutyReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写述职内容（不超过 20000 字）。")
        return redirect(obj.get_absolute_url())
    submit = bool(request.POST.get("submit"))
    try:
        edit_duty_report(
            user=request.user,
            report=obj,
            content=form.cleaned_data["content"],
            expected_version=form.cleaned_data.get("version"),
        )
        if submit:
            obj.refresh_from_db()
            submit_duty_report(user=request.user, report=obj)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(request, obj, "已提交述职报告。" if submit else "已保存草稿。")


@require_POST
@login_required
@permission_required("duties.view_dutyreport", raise_exception=True)
def duty_report_return(request, pk):
    obj = _duty_report(request, pk)
    if not can_review(request.user, obj):
        raise PermissionDenied("只有指导员所属行业党委或县级管理员可以退回述职报告。")
    return _run(
        request,
        obj,
        return_duty_report,
        "已退回述职报告。",
        report=obj,
        comment=request.POST.get("comment", ""),
    )


# --- year-end evaluation ---------------------------------------------------------------------


class ReviewList(ScopedListView):
    model = EvaluationRound
    filterset_class = RoundFilter
    title = "年终述职评议"
    columns = [
        Column("title", "名称", link=True),
        Column("year", "年度"),
        Column("status", "状态"),
        Column("created_at", "发起时间"),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = False  # opened with the form on the page below
        ctx["can_open"] = self.request.user.has_perm("duties.add_evaluationround")
        ctx["year"] = timezone.localdate().year
        return ctx

    def get_template_names(self):
        return ["duties/review_list.html"]


class ReviewDetail(ScopedDetailView):
    """What a round shows depends on who asks: the county sees every instructor's aggregate,
    an evaluator their own ratings, the instructor their own result once the round is over.
    No page ever names an evaluator except to the county's audit readers (in the audit log)."""

    model = EvaluationRound
    template_name = "duties/review_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        seen = visible_ratings(user, obj)
        ctx.update(
            is_county=seen.is_county,
            can_manage=_county_admin_of(user, obj.region_id),
            transitions=obj.transitions.select_related("by"),
        )
        if seen.is_county:
            reports = dict(
                DutyReport.objects.filter(
                    year=obj.year, instructor__in=seen.instructors
                ).values_list("instructor_id", "status")
            )
            ctx["results"] = [
                (i, seen.scores.get(i.pk), reports.get(i.pk)) for i in seen.instructors
            ]
        mine = (
            list(rateable_instructors(user, obj))
            if user.role in ("committee_staff", "org_contact", "unit_liaison")
            else []
        )
        if mine:
            given = {
                r.instructor_id: r
                for r in Rating.objects.filter(
                    round=obj, evaluator=user, instructor__in=mine
                )
            }
            texts = dict(
                DutyReport.objects.filter(
                    year=obj.year, instructor__in=mine, status="submitted"
                ).values_list("instructor_id", "content")
            )
            ctx["to_rate"] = [
                (
                    i,
                    given.get(i.pk),
                    texts.get(i.pk),
                    RatingForm(
                        initial={
                            "grade": given[i.pk].grade,
                            "comment": given[i.pk].comment,
                        }
                        if i.pk in given
                        else None,
                        prefix=f"i{i.pk}",
                    ),
                )
                for i in mine
            ]
        instructor = instructor_of(user) if user.role == "instructor" else None
        if instructor is not None:
            ctx["own_instructor"] = instructor
            if seen.comments is not None:
                ctx["own"] = seen.scores.get(instructor.pk)
                ctx["own_comments"] = seen.comments[instructor.pk]
        return ctx


@require_POST
@login_required
@permission_required("duties.add_evaluationround", raise_exception=True)
def review_open(request):
    try:
        year = int(request.POST.get("year", ""))
        round_ = open_round(user=request.user, year=year)
    except ValueError:
        messages.error(request, "年度无效。")
        return redirect("duties:review_list")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("duties:review_list")
    return _done(request, round_, "已发起述职评议，评议人可以开始评议。")


@require_POST
@login_required
@permission_required("duties.change_evaluationround", raise_exception=True)
def review_move(request, pk, to):
    if to not in RoundStatus.values:
        raise Http404("操作不存在。")
    obj = get_for_user(EvaluationRound.objects, request.user, pk=pk)
    return _run(
        request,
        obj,
        move_round,
        "已结束评议，结果已向指导员公布。" if to == "closed" else "已重新开启评议。",
        round_=obj,
        to=to,
    )


@require_POST
@login_required
@permission_required("duties.add_rating", raise_exception=True)
def review_rate(request, pk, instructor_pk):
    obj = get_for_user(EvaluationRound.objects, request.user, pk=pk)
    instructor = (
        rateable_instructors(request.user, obj).filter(pk=instructor_pk).first()
    )
    if instructor is None:
        raise Http404("记录不存在或您无权查看。")
    form = RatingForm(request.POST, prefix=f"i{instructor.pk}")
    if not form.is_valid():
        messages.error(request, "请选择评议等次（好、较好、一般、差）。")
        return redirect(obj.get_absolute_url())
    try:
        rate(
            user=request.user,
            round_=obj,
            instructor=instructor,
            grade=form.cleaned_data["grade"],
            comment=form.cleaned_data["comment"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(request, obj, f"已评议：{instructor.name}")
