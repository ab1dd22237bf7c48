from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.api import SafeModelSerializer, SafeSerializer, ScopedCreateViewSet
from liangxin.core.forms import optional_int
from liangxin.handbook import services
from liangxin.handbook.filters import HandbookEntryFilter, ProblemFilter, WorkPlanFilter
from liangxin.handbook.forms import HandbookEntryForm, ProblemForm, WorkPlanForm
from liangxin.handbook.models import HandbookEntry, Problem, ProblemStatus, WorkPlan


class HandbookEntrySerializer(SafeModelSerializer):
    class Meta:
        model = HandbookEntry
        fields = [
            "id",
            "region",
            "instructor",
            "organization",
            "section",
            "date",
            "title",
            "content",
            "visit",
            "version",
        ]
        read_only_fields = fields


class ProblemSerializer(SafeModelSerializer):
    class Meta:
        model = Problem
        fields = [
            "id",
            "region",
            "instructor",
            "organization",
            "raised_by_kind",
            "raised_by_name",
            "category",
            "description",
            "raised_on",
            "status",
            "referred_to",
            "resolution",
            "resolved_on",
            "entry",
            "version",
        ]
        read_only_fields = fields


class WorkPlanSerializer(SafeModelSerializer):
    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "region",
            "instructor",
            "organization",
            "year",
            "goals",
            "measures",
            "milestones",
            "version",
        ]
        read_only_fields = fields


class TransitionSerializer(SafeSerializer):
    to = serializers.ChoiceField(choices=ProblemStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    referred_to = serializers.CharField(
        required=False, allow_blank=True, max_length=100
    )
    resolution = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )
    version = serializers.IntegerField(required=False, allow_null=True)


class HandbookEntryViewSet(ScopedCreateViewSet):
    queryset = HandbookEntry.objects.all()
    serializer_class = HandbookEntrySerializer
    filterset_class = HandbookEntryFilter
    form_class = HandbookEntryForm
    related = ("instructor", "organization")

    def create_from(self, form):
        data = form.cleaned_data
        return services.record_entry(
            user=self.request.user,
            organization=data["organization"],
            section=data["section"],
            date=data["date"],
            title=data["title"],
            content=data["content"],
            visit=data.get("visit"),
        )


class ProblemViewSet(ScopedCreateViewSet):
    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    form_class = ProblemForm
    related = ("instructor", "organization")

    def create_from(self, form):
        data = form.cleaned_data
        return services.raise_problem(
            user=self.request.user,
            organization=data["organization"],
            raised_by_kind=data["raised_by_kind"],
            raised_by_name=data["raised_by_name"],
            category=data["category"],
            description=data["description"],
            raised_on=data["raised_on"],
        )

    @extend_schema(
        request=TransitionSerializer,
        responses={200: ProblemSerializer},
        description="办理问题：to（目标状态）、note、referred_to（转交时必填）、"
        "resolution（解决/办结时必填）、version。",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        problem = get_object_or_404(
            self.get_queryset(), pk=pk
        )  # outside the scope: 404
        if not request.user.has_perm("handbook.change_problem"):
            raise PermissionDenied("您没有执行该操作的权限。")
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.move_problem(
            user=request.user,
            problem=problem,
            to=values["to"],
            note=values.get("note", ""),
            referred_to=values.get("referred_to", ""),
            resolution=values.get("resolution", ""),
            expected_version=optional_int(values.get("version")),
        )
        return Response(ProblemSerializer(problem, context={"request": request}).data)


class WorkPlanViewSet(ScopedCreateViewSet):
    queryset = WorkPlan.objects.all()
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilter
    form_class = WorkPlanForm
    related = ("instructor", "organization")

    def create_from(self, form):
        data = form.cleaned_data
        plan = WorkPlan(
            organization=data["organization"],
            year=data["year"],
            goals=data["goals"],
            measures=data["measures"],
            milestones=data.get("milestones", ""),
        )
        return services.save_plan(user=self.request.user, plan=plan)


api.register("handbook-entries", HandbookEntryViewSet, basename="handbook-entry")
api.register("problems", ProblemViewSet, basename="problem")
api.register("work-plans", WorkPlanViewSet, basename="work-plan")
