from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from liangxin.assessment.filters import ResultFilter, RoundFilter, SchemeFilter
from liangxin.assessment.models import (
    AdjustmentBatch,
    Appeal,
    Dimension,
    PayoutLine,
    PayoutSheet,
    Result,
    Round,
    Scheme,
    SchemeIndicator,
    Score,
    VetoItem,
)
from liangxin.assessment.services import appeals as appeal_services
from liangxin.assessment.services import payouts
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scores as score_services
from liangxin.core import api
from liangxin.core.api import SafeModelSerializer, SafeSerializer, ScopedViewSet
from liangxin.core.scoping import get_for_user
from liangxin.roster.models import Instructor


class IndicatorSerializer(SafeModelSerializer):
    class Meta:
        model = SchemeIndicator
        fields = [
            "id",
            "dimension",
            "name",
            "max_points",
            "kind",
            "rater_roles",
            "indicator_name",
            "rule_kind",
            "target",
            "thresholds",
            "per_occurrence",
            "floor",
            "cap",
            "description",
        ]


class DimensionSerializer(SafeModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "code", "points", "description"]


class VetoSerializer(SafeModelSerializer):
    class Meta:
        model = VetoItem
        fields = ["id", "name", "grade"]


class SchemeSerializer(SafeModelSerializer):
    dimensions = DimensionSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    vetoes = VetoSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "region",
            "year",
            "name",
            "excellent_quota",
            "excellent_min",
            "competent_min",
            "basic_min",
            "dimensions",
            "indicators",
            "vetoes",
            "version",
        ]
        read_only_fields = fields


class SchemeViewSet(ScopedViewSet):
    """Assessment schemes of the user's county (edited on the pages)."""

    queryset = Scheme.objects.all()
    serializer_class = SchemeSerializer
    filterset_class = SchemeFilter
    prefetch = ("dimensions", "indicators", "vetoes")


class RoundSerializer(SafeModelSerializer):
    class Meta:
        model = Round
        fields = [
            "id",
            "region",
            "scheme",
            "name",
            "period_start",
            "period_end",
            "status",
            "appeal_days",
            "published_at",
            "version",
        ]
        read_only_fields = ["id", "region", "status", "published_at", "version"]

    def validate_scheme(self, scheme):
        if (
            not Scheme.objects.visible_to(self.context["request"].user)
            .filter(pk=scheme.pk)
            .exists()
        ):
            raise serializers.ValidationError(
                "所选考核方案不存在或不在您的管辖范围内。"
            )
        return scheme


class ScoreInSerializer(SafeSerializer):
    instructor = serializers.IntegerField()
    indicator = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    justification = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )


class ScoreSerializer(SafeModelSerializer):
    class Meta:
        model = Score
        fields = [
            "id",
            "round",
            "instructor",
            "indicator",
            "value",
            "points",
            "justification",
            "evidence",
            "scored_at",
        ]
        read_only_fields = fields


class RescoreSerializer(SafeSerializer):
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RoundViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Rounds; transitions and scores go through the same services as the pages."""

    queryset = Round.objects.all()
    serializer_class = RoundSerializer
    filterset_class = RoundFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = round_services.create_round(
            user=self.request.user,
            scheme=data["scheme"],
            name=data["name"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            appeal_days=data.get("appeal_days", 7),
        )

    def _transition(self, request, pk, service):
        rnd = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("assessment.change_round"):
            raise PermissionDenied("您没有执行该操作的权限。")
        rnd = service(user=request.user, rnd=rnd)
        return Response(RoundSerializer(rnd, context={"request": request}).data)

    @extend_schema(
        request=None, responses={200: RoundSerializer}, description="开始评分。"
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(request, pk, round_services.start_scoring)

    @extend_schema(
        request=None, responses={200: RoundSerializer}, description="提交审核。"
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._transition(request, pk, round_services.submit_for_review)

    @extend_schema(
        request=None, responses={200: RoundSerializer}, description="公布结果。"
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, pk, round_services.publish_round)

    @extend_schema(
        request=None, responses={200: RoundSerializer}, description="锁定考核。"
    )
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        return self._transition(request, pk, round_services.lock_round)

    @extend_schema(
        request=ScoreInSerializer,
        responses={201: ScoreSerializer},
        description="录入一项人工评分（须填写评分依据，不超过满分）。",
    )
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        rnd = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("assessment.add_score"):
            raise PermissionDenied("您没有执行该操作的权限。")
        data = ScoreInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        instructor = get_for_user(
            Instructor.objects, request.user, pk=values["instructor"]
        )
        item = get_object_or_404(
            SchemeIndicator.objects.filter(scheme_id=rnd.scheme_id),
            pk=values["indicator"],
        )
        score = score_services.enter_score(
            user=request.user,
            rnd=rnd,
            instructor=instructor,
            item=item,
            points=values["points"],
            justification=values.get("justification", ""),
        )
        return Response(ScoreSerializer(score).data, status=201)

    @extend_schema(
        request=RescoreSerializer,
        responses={200: ScoreSerializer},
        description="重新评分：须填写调整理由，原分值保留。",
    )
    @action(detail=True, methods=["post"], url_path=r"scores/(?P<score_pk>\d+)/rescore")
    def rescore(self, request, pk=None, score_pk=None):
        rnd = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("assessment.change_score"):
            raise PermissionDenied("您没有执行该操作的权限。")
        score = get_object_or_404(
            Score.objects.visible_to(request.user).filter(round=rnd), pk=score_pk
        )
        data = RescoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        score = score_services.rescore(
            user=request.user,
            score=score,
            points=data.validated_data["points"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(ScoreSerializer(score).data)


class ResultSerializer(SafeModelSerializer):
    instructor_name = serializers.CharField(source="instructor.name", read_only=True)
    scores = serializers.SerializerMethodField()
    appeals = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = [
            "id",
            "round",
            "instructor",
            "instructor_name",
            "total",
            "subtotals",
            "grade",
            "rank",
            "vetoed",
            "vetoes",
            "tie_pending",
            "over_quota",
            "scores",
            "appeals",
        ]
        read_only_fields = fields

    def get_appeals(self, obj) -> list[dict]:
        if self.context.get("view") and self.context["view"].action != "retrieve":
            return []
        return AppealSerializer(obj.appeals.all(), many=True).data

    def get_scores(self, obj) -> list[dict]:
        if self.context.get("view") and self.context["view"].action != "retrieve":
            return []
        user = self.context["request"].user
        scores = (
            Score.objects.visible_to(user)
            .filter(round=obj.round_id, instructor=obj.instructor_id)
            .select_related("indicator")
        )
        return [
            {
                "indicator": s.indicator.name,
                "max_points": str(s.indicator.max_points),
                "points": str(s.points),
                "justification": s.justification,
                "evidence": s.evidence,
            }
            for s in scores
        ]


class AppealSerializer(SafeModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "result", "reason", "status", "response", "filed_at"]
        read_only_fields = fields


class AppealInSerializer(SafeSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppealAnswerSerializer(SafeSerializer):
    upheld = serializers.BooleanField()
    response = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ResultViewSet(ScopedViewSet):
    """Results; an instructor sees only their own, and only once published. The instructor
    appeals their own result within the appeal period; the county answers."""

    queryset = Result.objects.all()
    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    related = ("instructor",)

    def get_permissions(self):
        if self.action in ("appeal", "answer"):
            # a POST on a result is not an "add result": the service decides who may act
            return [IsAuthenticated()]
        return super().get_permissions()

    def _result(self, request, pk, perm):
        if not request.user.has_perm(perm):
            raise PermissionDenied("您没有执行该操作的权限。")
        return get_object_or_404(self.get_queryset().select_related("round"), pk=pk)

    @extend_schema(
        request=AppealInSerializer,
        responses={201: AppealSerializer},
        description="本人在申诉期内对已公布的考核结果提出申诉。",
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        result = self._result(request, pk, "assessment.add_appeal")
        data = AppealInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeal_services.file_appeal(
            user=request.user,
            result=result,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(AppealSerializer(appeal).data, status=201)

    @extend_schema(
        request=AppealAnswerSerializer,
        responses={200: AppealSerializer},
        description="县级管理员处理申诉（须填写处理意见）。",
    )
    @action(
        detail=True, methods=["post"], url_path=r"appeals/(?P<appeal_pk>\d+)/answer"
    )
    def answer(self, request, pk=None, appeal_pk=None):
        result = self._result(request, pk, "assessment.change_appeal")
        appeal = get_object_or_404(Appeal.objects.filter(result=result), pk=appeal_pk)
        data = AppealAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = appeal_services.answer_appeal(
            user=request.user,
            appeal=appeal,
            upheld=data.validated_data["upheld"],
            response=data.validated_data.get("response", ""),
        )
        return Response(AppealSerializer(appeal).data)


class PayoutLineSerializer(SafeModelSerializer):
    class Meta:
        model = PayoutLine
        fields = [
            "id",
            "instructor",
            "months",
            "short_months",
            "base",
            "deduction",
            "grade",
            "coefficient",
            "amount",
            "is_adjustment",
            "batch",
            "paid",
            "note",
        ]
        read_only_fields = fields


class AdjustmentBatchSerializer(SafeModelSerializer):
    class Meta:
        model = AdjustmentBatch
        fields = ["id", "status", "checked_by", "approved_by", "paid_at", "version"]
        read_only_fields = fields


class PayoutSerializer(SafeModelSerializer):
    lines = PayoutLineSerializer(many=True, read_only=True)
    adjustments = AdjustmentBatchSerializer(many=True, read_only=True)

    class Meta:
        model = PayoutSheet
        fields = [
            "id",
            "region",
            "policy",
            "round",
            "title",
            "period_start",
            "period_end",
            "status",
            "paid_at",
            "lines",
            "adjustments",
            "version",
        ]
        read_only_fields = fields


class PayoutViewSet(ScopedViewSet):
    """Payout sheets (county admins and auditors); state changes through the services."""

    queryset = PayoutSheet.objects.all()
    serializer_class = PayoutSerializer
    prefetch = ("lines", "adjustments")

    def _act(self, request, pk, service):
        sheet = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("assessment.change_payoutsheet"):
            raise PermissionDenied("您没有执行该操作的权限。")
        service(user=request.user, sheet=sheet)
        sheet = self.get_queryset().get(pk=pk)
        return Response(PayoutSerializer(sheet, context={"request": request}).data)

    @extend_schema(
        request=None, responses={200: PayoutSerializer}, description="核对。"
    )
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        return self._act(request, pk, payouts.check_sheet)

    @extend_schema(
        request=None, responses={200: PayoutSerializer}, description="审批。"
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, pk, payouts.approve_sheet)

    @extend_schema(
        request=None,
        responses={200: PayoutSerializer},
        description="标记为已发放；同一期间不能重复发放。",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self._act(request, pk, payouts.mark_paid)

    @extend_schema(
        request=None,
        responses={200: PayoutSerializer},
        description="发放后调整批次：核对（check）、审批（approve）、发放（pay）。",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"adjustments/(?P<batch_pk>\d+)/(?P<step>check|approve|pay)",
    )
    def adjustments(self, request, pk=None, batch_pk=None, step=None):
        sheet = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("assessment.change_payoutsheet"):
            raise PermissionDenied("您没有执行该操作的权限。")
        batch = get_object_or_404(
            AdjustmentBatch.objects.filter(sheet=sheet), pk=batch_pk
        )
        service = {
            "check": payouts.check_batch,
            "approve": payouts.approve_batch,
            "pay": payouts.pay_batch,
        }[step]
        service(user=request.user, batch=batch)
        sheet = self.get_queryset().get(pk=pk)
        return Response(PayoutSerializer(sheet, context={"request": request}).data)


api.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")
api.register("assessment-rounds", RoundViewSet, basename="assessment-round")
api.register("assessment-results", ResultViewSet, basename="assessment-result")
api.register("payouts", PayoutViewSet, basename="payout")
