from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.api import (
    SafeModelSerializer,
    SafeSerializer,
    ScopedCreateViewSet,
    ScopedViewSet,
    ServiceModelViewSet,
)
from liangxin.core.forms import optional_int
from liangxin.core.scoping import get_for_user
from liangxin.duties.filters import (
    MatterRequestFilter,
    NoticeFilter,
    RegularReportFilter,
    RoundFilter,
    TrainingFilter,
)
from liangxin.duties.forms import MatterRequestForm, TrainingForm
from liangxin.duties.models import (
    Decision,
    Enrolment,
    EvaluationRound,
    Grade,
    MatterRequest,
    Notice,
    RegularReport,
    TrainingEvent,
)
from liangxin.duties.services import reports as report_services
from liangxin.duties.services import requests as request_services
from liangxin.duties.services import training as training_services
from liangxin.duties.services import year_end as year_end_services
from liangxin.duties.services.selectors import visible_ratings
from liangxin.roster.models import Instructor


class MatterRequestSerializer(SafeModelSerializer):
    class Meta:
        model = MatterRequest
        fields = [
            "id",
            "region",
            "instructor",
            "organization",
            "subject",
            "content",
            "urgency",
            "planned_on",
            "after_the_fact",
            "status",
            "submitted_at",
            "reply_due",
            "reply_due_provisional",
            "decision",
            "reply",
            "replied_at",
            "version",
        ]
        read_only_fields = fields


class RegularReportSerializer(SafeModelSerializer):
    class Meta:
        model = RegularReport
        fields = [
            "id",
            "region",
            "instructor",
            "period_start",
            "period_end",
            "period_label",
            "due_on",
            "summary",
            "status",
            "submitted_at",
            "comment",
            "reviewed_at",
            "version",
        ]
        read_only_fields = fields


class VersionSerializer(SafeSerializer):
    version = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReplySerializer(SafeSerializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reply = serializers.CharField(required=False, allow_blank=True, max_length=3000)
    version = serializers.IntegerField(required=False, allow_null=True)


class ReviewSerializer(SafeSerializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False, allow_null=True)


def _values(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class MatterRequestViewSet(ScopedCreateViewSet):
    """Requests: scoped reads; the instructor drafts (the page's form) and submits; the
    committee replies or returns."""

    queryset = MatterRequest.objects.all()
    serializer_class = MatterRequestSerializer
    filterset_class = MatterRequestFilter
    form_class = MatterRequestForm
    related = ("instructor", "organization")

    def create_from(self, form):
        data = form.cleaned_data
        return request_services.draft_request(
            user=self.request.user,
            organization=data["organization"],
            subject=data["subject"],
            content=data["content"],
            urgency=data["urgency"],
            planned_on=data.get("planned_on"),
        )

    def _respond(self, request, obj):
        obj.refresh_from_db()
        return Response(MatterRequestSerializer(obj, context={"request": request}).data)

    def _own(self, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if obj.instructor.user_id != self.request.user.pk:
            raise PermissionDenied("只有指导员本人可以办理此操作。")
        return obj

    def _replier(self, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not request_services.can_reply(self.request.user, obj):
            raise PermissionDenied("只有该组织所属行业党委或县级管理员可以批复。")
        return obj

    @extend_schema(
        request=VersionSerializer,
        responses={200: MatterRequestSerializer},
        description="提交（或退回后再次提交）请示。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None):
        obj = self._own(pk)
        values = _values(VersionSerializer, request)
        request_services.submit_request(
            user=request.user,
            request=obj,
            expected_version=optional_int(values.get("version")),
        )
        return self._respond(request, obj)

    @extend_schema(
        request=VersionSerializer,
        responses={200: MatterRequestSerializer},
        description="撤回尚未批复的请示。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def withdraw(self, request, pk=None):
        obj = self._own(pk)
        values = _values(VersionSerializer, request)
        request_services.withdraw_request(
            user=request.user,
            request=obj,
            note=values.get("note", ""),
            expected_version=optional_int(values.get("version")),
        )
        return self._respond(request, obj)

    @extend_schema(
        request=ReplySerializer,
        responses={200: MatterRequestSerializer},
        description="批复：decision 为 agree（同意）、disagree（不同意）或 other"
        "（其他意见）；后两者须填写 reply。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reply(self, request, pk=None):
        obj = self._replier(pk)
        values = _values(ReplySerializer, request)
        request_services.reply_request(
            user=request.user,
            request=obj,
            decision=values["decision"],
            text=values.get("reply", ""),
            expected_version=optional_int(values.get("version")),
        )
        return self._respond(request, obj)

    @extend_schema(
        request=VersionSerializer,
        responses={200: MatterRequestSerializer},
        description="退回请示，note 填写退回原因（必填）。",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        permission_classes=[IsAuthenticated],
    )
    def return_(self, request, pk=None):
        obj = self._replier(pk)
        values = _values(VersionSerializer, request)
        request_services.return_request(
            user=request.user,
            request=obj,
            note=values.get("note", ""),
            expected_version=optional_int(values.get("version")),
        )
        return self._respond(request, obj)


class RegularReportViewSet(ScopedViewSet):
    """Regular reports: scoped reads; the committee reviews (accept or return)."""

    queryset = RegularReport.objects.all()
    serializer_class = RegularReportSerializer
    filterset_class = RegularReportFilter
    related = ("instructor",)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: RegularReportSerializer},
        description="审阅：accept=true 通过，false 退回（须填写 comment）。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def review(self, request, pk=None):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not report_services.can_review(request.user, obj):
            raise PermissionDenied("只有指导员所属行业党委或县级管理员可以审阅。")
        values = _values(ReviewSerializer, request)
        report_services.review_report(
            user=request.user,
            report=obj,
            accept=values["accept"],
            comment=values.get("comment", ""),
            expected_version=optional_int(values.get("version")),
        )
        obj.refresh_from_db()
        return Response(RegularReportSerializer(obj, context={"request": request}).data)


# --- year-end reviews ------------------------------------------------------------------------


class YearEndReviewSerializer(SafeModelSerializer):
    """A round and the results this user may see: the county every instructor's aggregate,
    the instructor their own once the round is closed; never an evaluator."""

    results = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = ["id", "region", "year", "title", "status", "results", "version"]
        read_only_fields = fields

    def get_results(self, obj) -> list[dict]:
        seen = visible_ratings(self.context["request"].user, obj)
        rows = []
        for instructor in seen.instructors:
            entry = seen.scores.get(instructor.pk)
            if entry is None:
                continue
            row = {
                "instructor": instructor.pk,
                "count": entry["count"],
                "score": entry["score"],
            }
            if seen.comments is not None:  # the instructor also reads the comments
                row["comments"] = [c for _, c in seen.comments.get(instructor.pk, [])]
            rows.append(row)
        return rows


class RateSerializer(SafeSerializer):
    instructor = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=Grade.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class YearEndReviewViewSet(ScopedViewSet):
    """Year-end evaluation rounds; evaluators rate with `rate` (anonymous to the instructor)."""

    queryset = EvaluationRound.objects.all()
    serializer_class = YearEndReviewSerializer
    filterset_class = RoundFilter

    @extend_schema(
        request=RateSerializer,
        responses={200: YearEndReviewSerializer},
        description="评议人评议一名指导员：grade 为 good（好）、fair（较好）、"
        "average（一般）、poor（差，须填写 comment）。再次提交即修改。",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def rate(self, request, pk=None):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("duties.add_rating"):
            raise PermissionDenied("只有评议人可以评议。")
        values = _values(RateSerializer, request)
        instructor = get_object_or_404(
            year_end_services.rateable_instructors(request.user, obj),
            pk=values["instructor"],
        )
        year_end_services.rate(
            user=request.user,
            round_=obj,
            instructor=instructor,
            grade=values["grade"],
            comment=values.get("comment", ""),
        )
        return Response(YearEndReviewSerializer(obj, context={"request": request}).data)


# --- trainings -------------------------------------------------------------------------------


class TrainingSerializer(SafeModelSerializer):
    enrolled = serializers.SerializerMethodField()

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "region",
            "title",
            "kind",
            "date",
            "hours",
            "location",
            "plan",
            "materials",
            "enrolled",
            "version",
        ]
        read_only_fields = ["id", "region", "enrolled", "version"]

    def get_enrolled(self, obj) -> list[dict]:
        # prefetched by the viewset with the instructors the user may see only
        return [
            {"instructor": e.instructor_id, "attended": e.attended}
            for e in obj.enrolments.all()
        ]


class IdsSerializer(SafeSerializer):
    instructors = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True
    )


class TrainingViewSet(ServiceModelViewSet):
    """Trainings: scoped reads; county admins and committees create and edit (the page's
    form), enrol instructors and record attendance."""

    queryset = TrainingEvent.objects.all()
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    form_class = TrainingForm

    def get_queryset(self):
        # the enrolled list follows the same scope as everything else
        visible = Enrolment.objects.filter(
            instructor__in=Instructor.objects.visible_to(self.request.user)
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("enrolments", queryset=visible))
        )

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action in (
            "create",
            "update",
            "partial_update",
            "enrol",
            "attendance",
        ) and not request.user.has_perm("duties.change_trainingevent"):
            raise PermissionDenied("只有县级管理员或行业党委可以组织培训。")

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in ("update", "partial_update") and not (
            training_services.can_organize(request.user, obj)
        ):
            raise PermissionDenied("只有县级管理员或本培训的组织单位可以修改培训。")

    def perform_save(self, instance, expected_version):
        return training_services.save_training(
            user=self.request.user, event=instance, expected_version=expected_version
        )

    def _organized(self, pk):
        obj = get_for_user(TrainingEvent.objects, self.request.user, pk=pk)
        if not training_services.can_organize(self.request.user, obj):
            raise PermissionDenied("只有培训组织人可以办理此操作。")
        return obj

    def _respond(self, request, pk):
        obj = self.get_queryset().get(pk=pk)
        return Response(
            TrainingSerializer(obj, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=IdsSerializer,
        responses={200: TrainingSerializer},
        description="安排参训：instructors 为指导员 id 列表（已在名单中的跳过）。",
    )
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        obj = self._organized(pk)
        ids = _values(IdsSerializer, request)["instructors"]
        training_services.enrol(
            user=request.user,
            event=obj,
            instructors=list(
                Instructor.objects.visible_to(request.user).filter(pk__in=ids)
            ),
        )
        return self._respond(request, obj.pk)

    @extend_schema(
        request=IdsSerializer,
        responses={200: TrainingSerializer},
        description="登记签到：instructors 为已到场的指导员 id，其余标记为未到。",
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        obj = self._organized(pk)
        training_services.mark_attendance(
            user=request.user,
            event=obj,
            attended_ids=_values(IdsSerializer, request)["instructors"],
        )
        return self._respond(request, obj.pk)


# --- notices ---------------------------------------------------------------------------------


class NoticeSerializer(SafeModelSerializer):
    class Meta:
        model = Notice
        fields = [
            "id",
            "region",
            "kind",
            "title",
            "body",
            "instructors",
            "status",
            "published_at",
            "version",
        ]
        read_only_fields = fields


class NoticeViewSet(ScopedViewSet):
    """Notices (通报): published ones to every role of the region; drafts to the county."""

    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    prefetch = ("instructors",)


api.register("matter-requests", MatterRequestViewSet, basename="matter-request")
api.register("reports", RegularReportViewSet, basename="report")
api.register("trainings", TrainingViewSet, basename="training")
api.register("year-end-reviews", YearEndReviewViewSet, basename="year-end-review")
api.register("notices", NoticeViewSet, basename="notice")
