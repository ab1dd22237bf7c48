"""Round pages: list, creation, the round page and its actions, vetoes and score sheets."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from liangxin.assessment.filters import RoundFilter
from liangxin.assessment.forms import RoundForm
from liangxin.assessment.models import (
    Grade,
    IndicatorKind,
    Result,
    Round,
    RoundStatus,
    SchemeIndicator,
    Score,
    TieDecision,
    VetoFinding,
    VetoItem,
)
from liangxin.assessment.models.round import TRANSITIONS
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scores as score_services
from liangxin.assessment.services import ties as tie_services
from liangxin.assessment.tasks import round_scores
from liangxin.assessment.views.base import _fail, tie_break_text
from liangxin.core.forms import optional_int
from liangxin.core.models import Role
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView
from liangxin.jobs import services as jobs
from liangxin.roster.models import Instructor


class RoundList(ScopedListView):
    model = Round
    filterset_class = RoundFilter
    title = "考核轮次"
    related = ("scheme",)
    create_url_name = "assessment:round_create"
    columns = [
        Column("name", "考核名称", link=True),
        Column("period_start", "考核期开始"),
        Column("period_end", "考核期结束"),
        Column("status", "状态"),
        Column("scheme.name", "考核方案"),
    ]


class RoundCreate(ScopedCreateView):
    model = Round
    form_class = RoundForm
    title = "新建考核"
    success_url_name = "assessment:round_list"

    def save(self, form):
        data = form.cleaned_data
        return round_services.create_round(
            user=self.request.user,
            scheme=data["scheme"],
            name=data["name"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            appeal_days=data["appeal_days"],
        )


class RoundDetail(ScopedDetailView):
    model = Round
    related = ("scheme",)
    template_name = "assessment/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rnd, user = self.object, self.request.user
        results = Result.objects.visible_to(user).filter(round=rnd)
        manual = list(
            rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL).select_related(
                "dimension"
            )
        )
        entered = dict(
            Score.objects.visible_to(user)
            .filter(round=rnd, indicator__in=manual)
            .values_list("indicator_id")
            .annotate(n=Count("pk"))
        )
        participants = results.count()
        grades = Counter(
            dict(results.exclude(grade="").values_list("grade").annotate(n=Count("pk")))
        )
        ctx.update(
            participants=participants,
            manual=[(item, entered.get(item.pk, 0)) for item in manual],
            grades=[(label, grades.get(value, 0)) for value, label in Grade.choices],
            transitions=rnd.transitions.select_related("by"),
            is_admin=user.has_role(Role.COUNTY_ADMIN),
            can_score=user.has_perm("assessment.add_score")
            and rnd.status == RoundStatus.SCORING,
            next_steps=TRANSITIONS[rnd.status],
            vetoes=rnd.scheme.vetoes.all(),
            # the 一票否决 form chooses a participant by name (a searchable select)
            veto_candidates=results.select_related("instructor__unit").order_by(
                "instructor__name"
            ),
            veto_findings=VetoFinding.objects.visible_to(user)
            .filter(round=rnd)
            .select_related("instructor", "item"),
            tie_break=tie_break_text(rnd.scheme),
            tie_decisions=TieDecision.objects.visible_to(user)
            .filter(round=rnd)
            .select_related("instructor", "by"),
        )
        if rnd.status != RoundStatus.LOCKED:
            group, places = tie_services.pending_tie(rnd)
            visible = set(results.values_list("instructor_id", flat=True))
            ctx.update(
                tie_group=[r for r in group if r.instructor_id in visible],
                tie_places=places,
            )
        return ctx


@require_POST
@login_required
@permission_required("assessment.change_round", raise_exception=True)
def round_tie(request, pk):
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    try:
        tie_services.decide_tie(
            user=request.user,
            rnd=rnd,
            excellent_ids=request.POST.getlist("excellent"),
            note=request.POST.get("note", "")[:500],
        )
        messages.success(request, "并列名次已决定。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(rnd.get_absolute_url())


_ACTIONS = {
    "start": (round_services.start_scoring, "已开始评分，系统计算指标已算出。"),
    "recompute": (round_services.recompute_scores, "已重新计算系统计算指标。"),
    "review": (round_services.submit_for_review, "已提交审核。"),
    "publish": (round_services.publish_round, "考核结果已公布。"),
    "lock": (round_services.lock_round, "考核已锁定。"),
}


@require_POST
@login_required
@permission_required("assessment.change_round", raise_exception=True)
def round_action(request, pk):
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "return":
            round_services.return_to_scoring(
                user=request.user, rnd=rnd, note=request.POST.get("note", "")[:500]
            )
            messages.success(request, "已退回评分。")
        elif action in ("start", "recompute") and not jobs.is_eager():
            jobs.enqueue(round_scores, rnd.pk, request.user.pk, action)
            messages.success(request, "已提交后台计算，完成后将通知您。")
        elif action in _ACTIONS:
            service, done = _ACTIONS[action]
            service(user=request.user, rnd=rnd)
            messages.success(request, done)
        else:
            messages.error(request, "未知的操作。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(rnd.get_absolute_url())


@require_POST
@login_required
@permission_required("assessment.change_round", raise_exception=True)
def round_veto(request, pk):
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    if not optional_int(request.POST.get("instructor")):
        messages.error(request, "请选择被认定的指导员。")
        return redirect(rnd.get_absolute_url())
    try:
        instructor = get_for_user(
            Instructor.objects, request.user, pk=request.POST.get("instructor")
        )
        item = VetoItem.objects.get(
            scheme=rnd.scheme, pk=optional_int(request.POST.get("item")) or 0
        )
        score_services.record_veto(
            user=request.user,
            rnd=rnd,
            instructor=instructor,
            item=item,
            note=request.POST.get("note", ""),
        )
        messages.success(request, f"已认定：{instructor} {item}")
    except VetoItem.DoesNotExist:
        messages.error(request, "请选择否决事项。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(rnd.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.add_score", raise_exception=True)
def score_sheet(request, pk, item_pk):
    """One manual indicator for every participant the rater may see: points + justification."""
    rnd = get_for_user(Round.objects.select_related("scheme"), request.user, pk=pk)
    try:
        item = rnd.scheme.indicators.get(pk=item_pk, kind=IndicatorKind.MANUAL)
    except SchemeIndicator.DoesNotExist:
        from django.http import Http404

        raise Http404("记录不存在或您无权查看。") from None
    results = list(
        Result.objects.visible_to(request.user)
        .filter(round=rnd)
        .select_related("instructor__unit")
        .order_by("instructor__name")
    )
    scores = {
        s.instructor_id: s for s in Score.objects.filter(round=rnd, indicator=item)
    }
    errors: dict[int, str] = {}
    if request.method == "POST":
        saved = 0
        for result in results:
            key = result.instructor_id
            raw = request.POST.get(f"points_{key}", "").strip()
            if key in scores or not raw:
                continue
            try:
                score_services.enter_score(
                    user=request.user,
                    rnd=rnd,
                    instructor=result.instructor,
                    item=item,
                    points=raw,
                    justification=request.POST.get(f"justification_{key}", ""),
                )
                saved += 1
            except ServiceError as exc:
                errors[key] = exc.message
        if saved:
            messages.success(request, f"已保存 {saved} 项评分。")
        if not errors:
            return redirect("assessment:score_sheet", pk=rnd.pk, item_pk=item.pk)
        messages.error(request, f"{len(errors)} 项未保存，请按提示修改。")
        scores = {
            s.instructor_id: s for s in Score.objects.filter(round=rnd, indicator=item)
        }
    rows = [
        (
            r,
            scores.get(r.instructor_id),
            errors.get(r.instructor_id),
            request.POST.get(f"points_{r.instructor_id}", ""),
            request.POST.get(f"justification_{r.instructor_id}", ""),
        )
        for r in results
    ]
    return render(
        request,
        "assessment/score_sheet.html",
        {
            "title": f"{rnd} · {item.name}",
            "round": rnd,
            "item": item,
            "rows": rows,
            "can_enter": rnd.status == RoundStatus.SCORING
            and (request.user.is_superuser or request.user.role in item.rater_roles),
        },
    )
