"""Result pages: breakdown, rescoring, appeals, the printable form and the awards list."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from liangxin.assessment.filters import ResultFilter
from liangxin.assessment.forms import AppealForm, RescoreForm
from liangxin.assessment.models import (
    Appeal,
    Grade,
    Result,
    Round,
    RoundStatus,
    Score,
    ScoreRevision,
    VetoFinding,
)
from liangxin.assessment.services import appeals as appeal_services
from liangxin.assessment.services import scores as score_services
from liangxin.assessment.views.base import _fail
from liangxin.core.pdf import pdf_response
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedDetailView, ScopedListView


class ResultList(ScopedListView):
    model = Result
    filterset_class = ResultFilter
    title = "考核结果"
    related = ("round", "instructor__unit")
    columns = [
        Column("round.name", "考核", link=True),
        Column("instructor.name", "指导员"),
        Column("instructor.unit.name", "派出单位"),
        Column("total", "总分"),
        Column("grade", "等次"),
        Column("rank", "名次"),
        Column("vetoed", "一票否决"),
    ]


def _result_for(user, pk) -> Result:
    return get_for_user(
        Result.objects.select_related("round__scheme", "instructor__unit"), user, pk=pk
    )


def _breakdown(result: Result, user):
    scores = (
        Score.objects.visible_to(user)
        .filter(round=result.round, instructor=result.instructor)
        .select_related("indicator__dimension", "scored_by")
        .prefetch_related(
            Prefetch("revisions", queryset=ScoreRevision.objects.select_related("by"))
        )
    )
    by_dimension = defaultdict(list)
    for score in scores:
        by_dimension[score.indicator.dimension_id].append(score)
    return [
        (d, result.subtotals.get(d.code, "0"), by_dimension[d.pk])
        for d in result.round.scheme.dimensions.all()
    ]


class ResultDetail(ScopedDetailView):
    model = Result
    template_name = "assessment/result_detail.html"

    def get_object(self, queryset=None):
        return _result_for(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        result, user = self.object, self.request.user
        rnd = result.round
        ctx.update(
            breakdown=_breakdown(result, user),
            appeals=result.appeals.select_related("answered_by").prefetch_related(
                "transitions__by"
            ),
            vetoes=VetoFinding.objects.filter(
                round=rnd, instructor=result.instructor
            ).select_related("item"),
            can_appeal=rnd.status == RoundStatus.PUBLISHED
            and result.instructor.user_id == user.pk,
            can_rescore=user.has_perm("assessment.change_score")
            and rnd.status
            in (RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED),
            can_answer=user.has_perm("assessment.change_appeal")
            and rnd.status == RoundStatus.PUBLISHED,
            appeal_form=AppealForm(),
            rescore_form=RescoreForm(),
        )
        return ctx


@require_POST
@login_required
@permission_required("assessment.change_score", raise_exception=True)
def rescore(request, pk):
    score = get_for_user(
        Score.objects.select_related("round", "indicator"), request.user, pk=pk
    )
    result = Result.objects.get(round=score.round, instructor_id=score.instructor_id)
    form = RescoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的分数。")
    else:
        try:
            score_services.rescore(
                user=request.user,
                score=score,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "已重新评分，原分值已保留。")
        except ServiceError as exc:
            _fail(request, exc)
    return redirect(result.get_absolute_url())


@require_POST
@login_required
@permission_required("assessment.add_appeal", raise_exception=True)
def appeal(request, pk):
    result = _result_for(request.user, pk)
    try:
        appeal_services.file_appeal(
            user=request.user, result=result, reason=request.POST.get("reason", "")
        )
        messages.success(request, "申诉已提交。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(result.get_absolute_url())


@require_POST
@login_required
@permission_required("assessment.change_appeal", raise_exception=True)
def answer_appeal(request, pk):
    item = get_for_user(
        Appeal.objects.select_related("result__round"), request.user, pk=pk
    )
    try:
        appeal_services.answer_appeal(
            user=request.user,
            appeal=item,
            upheld=request.POST.get("upheld") == "1",
            response=request.POST.get("response", ""),
        )
        messages.success(request, "申诉已处理。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(item.result.get_absolute_url())


@require_GET
@login_required
@permission_required("assessment.view_result", raise_exception=True)
def result_pdf(request, pk):
    """The printable assessment form (考核登记表) of one instructor."""
    result = _result_for(request.user, pk)
    return pdf_response(
        "assessment/pdf/form.html",
        lambda: {
            "result": result,
            "round": result.round,
            "instructor": result.instructor,
            "breakdown": _breakdown(result, request.user),
        },
        user=request.user,
        request=request,
        obj=result,
        filename=f"{result.instructor.name}-{result.round}考核登记表.pdf",
        note=f"导出{result.instructor.name}“{result.round}”考核登记表（PDF）",
    )


@require_GET
@login_required
@permission_required("assessment.view_result", raise_exception=True)
def awards(request, pk):
    """评先评优 and cadre use: the 优秀 and 称职 instructors of a published round, per unit."""
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    if rnd.status not in (RoundStatus.PUBLISHED, RoundStatus.LOCKED):
        messages.info(request, "考核结果公布后才能生成评先评优名单。")
        return redirect(rnd.get_absolute_url())
    results = (
        Result.objects.visible_to(request.user)
        .filter(round=rnd)
        .select_related("instructor__unit")
        .order_by("instructor__unit__name", "rank")
    )
    units = defaultdict(lambda: {"excellent": [], "unqualified": []})
    for result in results:
        if result.grade == Grade.EXCELLENT:
            units[result.instructor.unit]["excellent"].append(result)
        elif result.grade == Grade.UNQUALIFIED:
            units[result.instructor.unit]["unqualified"].append(result)
    return render(
        request,
        "assessment/awards.html",
        {
            "title": f"{rnd} · 评先评优与干部使用名单",
            "round": rnd,
            "units": dict(units),
        },
    )
