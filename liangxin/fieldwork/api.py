from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action, api_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.api import SafeModelSerializer, SafeSerializer, ScopedViewSet
from liangxin.core.forms import optional_int
from liangxin.core.workcalendar import CalendarMemo, parse_month
from liangxin.fieldwork import compliance, services
from liangxin.fieldwork.filters import VisitFilter
from liangxin.fieldwork.forms import checkin_organizations
from liangxin.fieldwork.models import Activity, Visit
from liangxin.orgs.models import Organization


class VisitSerializer(SafeModelSerializer):
    has_photo = serializers.SerializerMethodField(
        help_text="照片经 /fieldwork/<id>/photo/ 查看"
    )
    is_workday = serializers.SerializerMethodField(
        help_text="到岗日期是否为工作日（含调休补班日）"
    )
    day_kind = serializers.SerializerMethodField(
        help_text="workday（工作日）、weekend（周末）或 holiday（节假日）"
    )
    day_provisional = serializers.SerializerMethodField(
        help_text="该年节假日安排尚未确认，按周一至周五暂算"
    )

    def get_has_photo(self, visit) -> bool:
        return bool(visit.photo)

    def _day(self, visit):
        memo = self.context.setdefault("calendar_memo", CalendarMemo())
        return memo.describe(visit.date)

    def get_is_workday(self, visit) -> bool:
        return self._day(visit).is_workday

    def get_day_kind(self, visit) -> str:
        return self._day(visit).kind

    def get_day_provisional(self, visit) -> bool:
        return self._day(visit).provisional

    class Meta:
        model = Visit
        fields = [
            "id",
            "region",
            "instructor",
            "organization",
            "assignment",
            "date",
            "is_workday",
            "day_kind",
            "day_provisional",
            "activities",
            "summary",
            "recorded_via",
            "recorded_at",
            "latitude",
            "longitude",
            "accuracy",
            "distance_m",
            "needs_review",
            "status",
            "confirmed_by",
            "confirmed_at",
            "dispute_reason",
            "reviewed_by",
            "reviewed_at",
            "review_reason",
            "has_photo",
            "version",
        ]
        read_only_fields = fields


class VisitInputSerializer(SafeSerializer):
    """What an instructor sends; the rules are checked by `record_visit`, as on the page."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(),
        error_messages={
            "does_not_exist": "所选组织不是您派驻的组织。",
            "incorrect_type": "组织编号无效。",
        },
    )
    date = serializers.DateField()
    activities = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.choices), allow_empty=False
    )
    summary = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    latitude = serializers.DecimalField(
        max_digits=12,
        decimal_places=8,
        required=False,
        allow_null=True,
        min_value=-90,
        max_value=90,
    )
    longitude = serializers.DecimalField(
        max_digits=12,
        decimal_places=8,
        required=False,
        allow_null=True,
        min_value=-180,
        max_value=180,
    )
    accuracy = serializers.FloatField(required=False, allow_null=True, min_value=0)
    idempotency_key = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    on_site = serializers.BooleanField(required=False, default=True)
    recorded_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="离线签到时手机上的签到时间"
    )
    photo = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="现场照片（multipart 上传；JPEG、PNG 或 WebP，≤ 5 MB）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get(
            "request"
        )  # absent while the OpenAPI schema is generated
        if request is not None:
            self.fields["organization"].queryset = checkin_organizations(request.user)


class VisitViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Visits: scoped reads; an instructor creates one with the same rules as the check-in page.
    A repeated `idempotency_key` answers 200 with the visit stored the first time."""

    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    related = ("instructor", "organization")

    @extend_schema(
        request=VisitInputSerializer,
        responses={201: VisitSerializer, 200: VisitSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = VisitInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        visit = services.record_visit(
            user=request.user,
            organization=values["organization"],
            date=values["date"],
            activities=values["activities"],
            summary=values.get("summary", ""),
            latitude=values.get("latitude"),
            longitude=values.get("longitude"),
            accuracy=values.get("accuracy"),
            idempotency_key=values.get("idempotency_key") or None,
            on_site=values["on_site"],
            recorded_at=values.get("recorded_at"),
            device=request.headers.get("User-Agent", "")[:200],
            photo=values.get("photo"),
        )
        return Response(
            VisitSerializer(visit, context={"request": request}).data,
            status=status.HTTP_200_OK if visit.replayed else status.HTTP_201_CREATED,
        )

    def _decision_target(self, request, pk):
        visit = get_object_or_404(self.get_queryset(), pk=pk)  # outside the scope: 404
        if not request.user.has_perm("fieldwork.view_visit") or not services.can_decide(
            request.user, visit
        ):
            raise PermissionDenied("只有该组织的党建联络员可以确认或提出异议。")
        return visit

    @extend_schema(
        request=None,
        responses={200: VisitSerializer},
        description="组织联络员确认到岗记录；可带 version（乐观锁）。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def confirm(self, request, pk=None):
        visit = self._decision_target(request, pk)
        services.confirm_visit(
            user=request.user,
            visit=visit,
            expected_version=optional_int(request.data.get("version")),
        )
        return Response(VisitSerializer(visit, context={"request": request}).data)

    @extend_schema(
        request=None,
        responses={200: VisitSerializer},
        description="组织联络员对到岗记录提出异议：reason（必填）。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def dispute(self, request, pk=None):
        visit = self._decision_target(request, pk)
        services.dispute_visit(
            user=request.user,
            visit=visit,
            reason=str(request.data.get("reason", "")),
            expected_version=optional_int(request.data.get("version")),
        )
        return Response(VisitSerializer(visit, context={"request": request}).data)

    @extend_schema(
        request=None,
        responses={200: VisitSerializer},
        description="行业党委审核：action = approve（批准补录）| reject_late（不予补录）"
        "| uphold（认定到岗）| reject（驳回）；reason（除 approve 外必填）。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def review(self, request, pk=None):
        visit = get_object_or_404(self.get_queryset(), pk=pk)  # outside the scope: 404
        actions = {
            "approve": services.approve_late_entry,
            "reject_late": services.reject_late_entry,
            "uphold": services.uphold_visit,
            "reject": services.reject_visit,
        }
        service = actions.get(str(request.data.get("action", "")))
        if service is None:
            raise serializers.ValidationError({"action": ["未知的审核操作。"]})
        if not request.user.has_perm("fieldwork.view_visit") or not services.can_review(
            request.user, visit
        ):
            raise PermissionDenied("只有该组织所属行业党委或县级管理员可以审批。")
        service(
            user=request.user,
            visit=visit,
            reason=str(request.data.get("reason", "")),
            expected_version=optional_int(request.data.get("version")),
        )
        return Response(VisitSerializer(visit, context={"request": request}).data)


@extend_schema(
    parameters=[OpenApiParameter("month", str, description="YYYY-MM，默认本月")],
    responses={200: dict},
    description="每月到岗统计：每位指导员当月经确认的到岗天数（同一天只计一次）、待确认天数与差额。",
)
@api_view(["GET"])
def monthly_compliance(request):
    user = request.user
    if not compliance.can_view_compliance(user):
        raise Http404
    raw = request.query_params.get("month")
    if raw:
        try:
            year, month = parse_month(raw)
        except ValueError as exc:
            raise serializers.ValidationError({"month": [str(exc)]}) from None
    else:
        today = timezone.localdate()
        year, month = today.year, today.month
    rows = compliance.monthly_compliance(user, year, month)
    return Response(
        {
            "month": f"{year}-{month:02d}",
            "results": [
                {
                    "instructor": r.instructor_id,
                    "name": r.name,
                    "unit": r.unit,
                    "confirmed_days": r.confirmed_days,
                    "pending_days": r.pending_days,
                    "required": r.required,
                    "shortfall": r.shortfall,
                }
                for r in rows
            ],
        }
    )


api.register("visits", VisitViewSet, basename="visit")
api.register_path(
    "compliance/monthly/", monthly_compliance, name="api-compliance-monthly"
)
