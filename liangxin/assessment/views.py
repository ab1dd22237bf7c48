from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from liangxin.assessment import payouts, services
from liangxin.assessment.filters import ResultFilter, RoundFilter, SchemeFilter
from liangxin.assessment.forms import (
    AllowancePolicyForm,
    AppealForm,
    DimensionPointsForm,
    IndicatorForm,
    PayoutSheetForm,
    RescoreForm,
    RoundForm,
    SeedSchemeForm,
)
from liangxin.assessment.models import (
    AdjustmentBatch,
    AllowancePolicy,
    Appeal,
    Grade,
    IndicatorKind,
    PayoutSheet,
    Result,
    Round,
    RoundStatus,
    Scheme,
    SchemeIndicator,
    Score,
    ScoreRevision,
    VetoFinding,
    VetoItem,
)
from liangxin.assessment.models.round import TRANSITIONS
from liangxin.assessment.models.scheme import TIE_BREAK_ORDER
from liangxin.core.models import Role
from liangxin.core.pdf import render_pdf
from liangxin.core.scoping import get_for_user
from liangxin.core.services import ServiceError
from liangxin.core.tables import Column
from liangxin.core.views import ScopedCreateView, ScopedDetailView, ScopedListView
from liangxin.roster.models import Instructor

TIE_BREAK_TEXT = ("同分时依次比较“{}”维度得分，高者在前；仍相同的，按指导员登记先后排序。"
                  .format("”“".join(c.label for c in TIE_BREAK_ORDER)))


def _fail(request, exc: ServiceError):
    messages.error(request, exc.message)


# --- schemes -------------------------------------------------------------------------------

class SchemeList(ScopedListView):
    model = Scheme
    filterset_class = SchemeFilter
    title = "考核方案"
    related = ("region",)
    create_url_name = "assessment:scheme_seed"
    columns = [Column("year", "年度", link=True), Column("name", "方案名称"),
               Column("region.name", "区划"), Column("excellent_quota", "优秀比例上限")]


class SchemeDetail(ScopedDetailView):
    model = Scheme
    template_name = "assessment/scheme_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scheme = self.object
        in_use = scheme.rounds.exclude(status=RoundStatus.DRAFT).exists()
        items = defaultdict(list)
        for item in scheme.indicators.all():
            items[item.dimension_id].append(item)
        ctx.update(
            dimensions=[(d, items[d.pk]) for d in scheme.dimensions.all()],
            vetoes=scheme.vetoes.all(), problems=services.scheme_problems(scheme),
            tie_break=TIE_BREAK_TEXT, in_use=in_use,
            can_edit=self.request.user.has_role(Role.COUNTY_ADMIN) and not in_use,
            points_form=DimensionPointsForm(scheme=scheme),
        )
        return ctx


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.add_scheme", raise_exception=True)
def scheme_seed(request):
    form = SeedSchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = request.user.region
        if region is None:
            raise PermissionDenied
        try:
            scheme = services.seed_default_scheme(user=request.user, region=region,
                                                  year=form.cleaned_data["year"],
                                                  name=form.cleaned_data["name"])
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已按默认方案生成，可逐项修改。")
            return redirect(scheme.get_absolute_url())
    return render(request, "core/form.html", {"form": form, "title": "新建考核方案（按默认方案生成）"})


@require_POST
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def scheme_points(request, pk):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    form = DimensionPointsForm(request.POST, scheme=scheme)
    if not form.is_valid():
        messages.error(request, "请填写有效的维度分值。")
    else:
        try:
            services.set_dimension_points(user=request.user, scheme=scheme,
                                          points=form.cleaned_data)
            messages.success(request, "维度分值已保存。")
        except ServiceError as exc:
            _fail(request, exc)
    return redirect(scheme.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("assessment.change_scheme", raise_exception=True)
def indicator_edit(request, pk, item_pk=None):
    scheme = get_for_user(Scheme.objects, request.user, pk=pk)
    item = get_for_user(SchemeIndicator.objects.filter(scheme=scheme).select_related("scheme"),
                        request.user, pk=item_pk) if item_pk else None
    form = IndicatorForm(request.POST or None, instance=item, user=request.user, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(user=request.user, item=form.instance)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已保存指标：{form.instance.name}")
            return redirect(scheme.get_absolute_url())
    return render(request, "core/form.html", {
        "form": form, "title": f"{scheme} · {'修改' if item else '新增'}指标"})


# --- rounds --------------------------------------------------------------------------------

class RoundList(ScopedListView):
    model = Round
    filterset_class = RoundFilter
    title = "考核轮次"
    related = ("scheme",)
    create_url_name = "assessment:round_create"
    columns = [Column("name", "考核名称", link=True), Column("period_start", "考核期开始"),
               Column("period_end", "考核期结束"), Column("status", "状态"),
               Column("scheme.name", "考核方案")]


class RoundCreate(ScopedCreateView):
    model = Round
    form_class = RoundForm
    title = "新建考核"
    success_url_name = "assessment:round_list"

    def save(self, form):
        data = form.cleaned_data
        return services.create_round(
            user=self.request.user, scheme=data["scheme"], name=data["name"],
            period_start=data["period_start"], period_end=data["period_end"],
            appeal_days=data["appeal_days"])


class RoundDetail(ScopedDetailView):
    model = Round
    related = ("scheme",)
    template_name = "assessment/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rnd, user = self.object, self.request.user
        results = Result.objects.visible_to(user).filter(round=rnd)
        manual = list(rnd.scheme.indicators.filter(kind=IndicatorKind.MANUAL)
                      .select_related("dimension"))
        entered = dict(Score.objects.visible_to(user).filter(round=rnd, indicator__in=manual)
                       .values_list("indicator_id").annotate(n=Count("pk")))
        participants = results.count()
        grades = Counter(dict(results.exclude(grade="").values_list("grade")
                              .annotate(n=Count("pk"))))
        ctx.update(
            participants=participants,
            manual=[(item, entered.get(item.pk, 0)) for item in manual],
            grades=[(label, grades.get(value, 0)) for value, label in Grade.choices],
            transitions=rnd.transitions.select_related("by"),
            is_admin=user.has_role(Role.COUNTY_ADMIN),
            can_score=user.has_perm("assessment.add_score") and rnd.status == RoundStatus.SCORING,
            next_steps=TRANSITIONS[rnd.status], vetoes=rnd.scheme.vetoes.all(),
            veto_findings=VetoFinding.objects.visible_to(user).filter(round=rnd)
            .select_related("instructor", "item"),
            tie_break=TIE_BREAK_TEXT,
        )
        return ctx


_ACTIONS = {
    "start": (services.start_scoring, "已开始评分，系统计算指标已算出。"),
    "recompute": (services.recompute_scores, "已重新计算系统计算指标。"),
    "review": (services.submit_for_review, "已提交审核。"),
    "publish": (services.publish_round, "考核结果已公布。"),
    "lock": (services.lock_round, "考核已锁定。"),
}


@require_POST
@login_required
@permission_required("assessment.change_round", raise_exception=True)
def round_action(request, pk):
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "return":
            services.return_to_scoring(user=request.user, rnd=rnd,
                                       note=request.POST.get("note", "")[:500])
            messages.success(request, "已退回评分。")
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
    try:
        instructor = get_for_user(Instructor.objects, request.user,
                                  pk=request.POST.get("instructor"))
        item = VetoItem.objects.get(scheme=rnd.scheme, pk=request.POST.get("item") or 0)
        services.record_veto(user=request.user, rnd=rnd, instructor=instructor, item=item,
                             note=request.POST.get("note", ""))
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
    results = list(Result.objects.visible_to(request.user).filter(round=rnd)
                   .select_related("instructor__unit").order_by("instructor__name"))
    scores = {s.instructor_id: s for s in Score.objects.filter(round=rnd, indicator=item)}
    errors: dict[int, str] = {}
    if request.method == "POST":
        saved = 0
        for result in results:
            key = result.instructor_id
            raw = request.POST.get(f"points_{key}", "").strip()
            if key in scores or not raw:
                continue
            try:
                services.enter_score(user=request.user, rnd=rnd, instructor=result.instructor,
                                     item=item, points=raw,
                                     justification=request.POST.get(f"justification_{key}", ""))
                saved += 1
            except ServiceError as exc:
                errors[key] = exc.message
        if saved:
            messages.success(request, f"已保存 {saved} 项评分。")
        if not errors:
            return redirect("assessment:score_sheet", pk=rnd.pk, item_pk=item.pk)
        messages.error(request, f"{len(errors)} 项未保存，请按提示修改。")
        scores = {s.instructor_id: s for s in Score.objects.filter(round=rnd, indicator=item)}
    rows = [(r, scores.get(r.instructor_id), errors.get(r.instructor_id),
             request.POST.get(f"points_{r.instructor_id}", ""),
             request.POST.get(f"justification_{r.instructor_id}", "")) for r in results]
    return render(request, "assessment/score_sheet.html", {
        "title": f"{rnd} · {item.name}", "round": rnd, "item": item, "rows": rows,
        "can_enter": rnd.status == RoundStatus.SCORING
        and (request.user.is_superuser or request.user.role in item.rater_roles)})


# --- results -------------------------------------------------------------------------------

class ResultList(ScopedListView):
    model = Result
    filterset_class = ResultFilter
    title = "考核结果"
    related = ("round", "instructor__unit")
    columns = [Column("round.name", "考核", link=True), Column("instructor.name", "指导员"),
               Column("instructor.unit.name", "派出单位"), Column("total", "总分"),
               Column("grade", "等次"), Column("rank", "名次"), Column("vetoed", "一票否决")]


def _result_for(user, pk) -> Result:
    return get_for_user(Result.objects.select_related("round__scheme", "instructor__unit"),
                        user, pk=pk)


def _breakdown(result: Result, user):
    scores = (Score.objects.visible_to(user).filter(round=result.round,
                                                    instructor=result.instructor)
              .select_related("indicator__dimension", "scored_by")
              .prefetch_related(Prefetch("revisions",
                                         queryset=ScoreRevision.objects.select_related("by"))))
    by_dimension = defaultdict(list)
    for score in scores:
        by_dimension[score.indicator.dimension_id].append(score)
    return [(d, result.subtotals.get(d.code, "0"), by_dimension[d.pk])
            for d in result.round.scheme.dimensions.all()]


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
            breakdown=_breakdown(result, user), appeals=result.appeals.select_related(
                "answered_by"),
            vetoes=VetoFinding.objects.filter(round=rnd, instructor=result.instructor)
            .select_related("item"),
            can_appeal=rnd.status == RoundStatus.PUBLISHED and result.instructor.user_id == user.pk,
            can_rescore=user.has_perm("assessment.change_score") and rnd.status in (
                RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED),
            can_answer=user.has_perm("assessment.change_appeal")
            and rnd.status == RoundStatus.PUBLISHED,
            appeal_form=AppealForm(), rescore_form=RescoreForm(),
        )
        return ctx


@require_POST
@login_required
@permission_required("assessment.change_score", raise_exception=True)
def rescore(request, pk):
    score = get_for_user(Score.objects.select_related("round", "indicator"), request.user, pk=pk)
    result = Result.objects.get(round=score.round, instructor_id=score.instructor_id)
    form = RescoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的分数。")
    else:
        try:
            services.rescore(user=request.user, score=score, points=form.cleaned_data["points"],
                             reason=form.cleaned_data["reason"])
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
        services.file_appeal(user=request.user, result=result,
                             reason=request.POST.get("reason", ""))
        messages.success(request, "申诉已提交。")
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(result.get_absolute_url())


@require_POST
@login_required
@permission_required("assessment.change_appeal", raise_exception=True)
def answer_appeal(request, pk):
    item = get_for_user(Appeal.objects.select_related("result__round"), request.user, pk=pk)
    try:
        services.answer_appeal(user=request.user, appeal=item,
                               upheld=request.POST.get("upheld") == "1",
                               response=request.POST.get("response", ""))
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
    pdf = render_pdf("assessment/pdf/form.html", {
        "result": result, "round": result.round, "instructor": result.instructor,
        "breakdown": _breakdown(result, request.user)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="assessment-{result.pk}.pdf"'
    return response


@require_GET
@login_required
@permission_required("assessment.view_result", raise_exception=True)
def awards(request, pk):
    """评先评优 and cadre use: the 优秀 and 称职 instructors of a published round, per unit."""
    rnd = get_for_user(Round.objects, request.user, pk=pk)
    if rnd.status not in (RoundStatus.PUBLISHED, RoundStatus.LOCKED):
        messages.info(request, "考核结果公布后才能生成评先评优名单。")
        return redirect(rnd.get_absolute_url())
    results = (Result.objects.visible_to(request.user).filter(round=rnd)
               .select_related("instructor__unit").order_by("instructor__unit__name", "rank"))
    units = defaultdict(lambda: {"excellent": [], "unqualified": []})
    for result in results:
        if result.grade == Grade.EXCELLENT:
            units[result.instructor.unit]["excellent"].append(result)
        elif result.grade == Grade.UNQUALIFIED:
            units[result.instructor.unit]["unqualified"].append(result)
    return render(request, "assessment/awards.html", {
        "title": f"{rnd} · 评先评优与干部使用名单", "round": rnd, "units": dict(units)})


# --- allowances ----------------------------------------------------------------------------

class PolicyList(ScopedListView):
    model = AllowancePolicy
    title = "补贴标准"
    filterset_fields = ["year"]
    related = ("region",)
    create_url_name = "assessment:policy_create"
    columns = [Column("year", "年度"), Column("region.name", "区划"),
               Column("monthly_amount", "每月补贴（元）"),
               Column("short_month_deduction", "不足月扣减（元/月）"),
               Column("excellent_coefficient", "优秀系数"), Column("competent_coefficient", "称职系数"),
               Column("basic_coefficient", "基本称职系数"),
               Column("unqualified_coefficient", "不称职系数")]


class PolicyCreate(ScopedCreateView):
    model = AllowancePolicy
    form_class = AllowancePolicyForm
    title = "新增补贴标准"
    success_url_name = "assessment:policy_list"

    def get_success_url(self):
        return reverse("assessment:policy_list")


class PayoutList(ScopedListView):
    model = PayoutSheet
    title = "补贴发放表"
    filterset_fields = ["status"]
    related = ("policy",)
    create_url_name = "assessment:payout_create"
    columns = [Column("title", "名称", link=True), Column("period_start", "期间开始"),
               Column("period_end", "期间结束"), Column("status", "状态")]


class PayoutCreate(ScopedCreateView):
    model = PayoutSheet
    form_class = PayoutSheetForm
    title = "新建补贴发放表"
    success_url_name = "assessment:payout_list"

    def save(self, form):
        data = form.cleaned_data
        return payouts.create_sheet(user=self.request.user, policy=data["policy"],
                                    title=data["title"], period_start=data["period_start"],
                                    period_end=data["period_end"], rnd=data.get("round"))


class PayoutDetail(ScopedDetailView):
    model = PayoutSheet
    related = ("policy", "round", "checked_by", "approved_by")
    template_name = "assessment/payout_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lines = list(self.object.lines.select_related("instructor__unit"))
        batches = list(self.object.adjustments.select_related("checked_by", "approved_by"))
        totals = defaultdict(Decimal)
        for line in lines:
            if line.batch_id:
                totals[line.batch_id] += line.amount
        ctx.update(lines=lines, total=sum((line.amount for line in lines), Decimal(0)),
                   unpaid=sum(not line.paid for line in lines),
                   batches=[(b, totals[b.pk]) for b in batches],
                   is_admin=self.request.user.has_role(Role.COUNTY_ADMIN))
        return ctx


_PAYOUT_ACTIONS = {
    "recompute": (payouts.recompute, "已重新计算。"),
    "check": (payouts.check_sheet, "已核对。"),
    "approve": (payouts.approve_sheet, "已审批。"),
    "pay": (payouts.mark_paid, "已标记为发放。"),
}


@require_POST
@login_required
@permission_required("assessment.change_payoutsheet", raise_exception=True)
def payout_action(request, pk):
    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    if request.POST.get("action") not in _PAYOUT_ACTIONS:
        messages.error(request, "未知的操作。")
        return redirect(sheet.get_absolute_url())
    service, done = _PAYOUT_ACTIONS[request.POST["action"]]
    try:
        service(user=request.user, sheet=sheet)
        messages.success(request, done)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(sheet.get_absolute_url())


_BATCH_ACTIONS = {
    "check": (payouts.check_batch, "调整批次已核对。"),
    "approve": (payouts.approve_batch, "调整批次已审批。"),
    "pay": (payouts.pay_batch, "调整批次已标记为发放。"),
}


@require_POST
@login_required
@permission_required("assessment.change_payoutsheet", raise_exception=True)
def adjustment_action(request, pk, batch_pk):
    """Adjustment lines after payment: checked, approved (by someone else) and paid."""
    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    try:
        batch = sheet.adjustments.get(pk=batch_pk)
    except AdjustmentBatch.DoesNotExist:
        from django.http import Http404

        raise Http404("记录不存在或您无权查看。") from None
    if request.POST.get("action") not in _BATCH_ACTIONS:
        messages.error(request, "未知的操作。")
        return redirect(sheet.get_absolute_url())
    service, done = _BATCH_ACTIONS[request.POST["action"]]
    try:
        service(user=request.user, batch=batch)
        messages.success(request, done)
    except ServiceError as exc:
        _fail(request, exc)
    return redirect(sheet.get_absolute_url())


@require_GET
@login_required
@permission_required("assessment.view_payoutsheet", raise_exception=True)
def payout_export(request, pk):
    from urllib.parse import quote

    sheet = get_for_user(PayoutSheet.objects, request.user, pk=pk)
    response = HttpResponse(
        payouts.export_xlsx(user=request.user, sheet=sheet),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(sheet.title)}.xlsx"
    return response
