from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.api import (
    SafeModelSerializer,
    ScopedCreateViewSet,
    ScopedViewSet,
    ServiceModelViewSet,
)
from liangxin.roster import services
from liangxin.roster.filters import AssignmentFilter, InstructorFilter, UnitFilter
from liangxin.roster.forms import AssignmentForm, EndAssignmentForm, InstructorForm
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor


class DispatchingUnitSerializer(SafeModelSerializer):
    class Meta:
        model = DispatchingUnit
        fields = ["id", "region", "name", "contact_person"]


class InstructorSerializer(SafeModelSerializer):
    class Meta:
        model = Instructor
        fields = [
            "id",
            "region",
            "committee",
            "unit",
            "name",
            "gender",
            "birth_date",
            "phone",
            "party_since",
            "source",
            "post",
            "is_full_time",
            "status",
            "appointed_on",
            "version",
        ]
        read_only_fields = ["region", "version"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context["request"]
        data["phone"] = services.phone_for(request.user, instance, request=request)
        return data


class AssignmentSerializer(SafeModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "region",
            "committee",
            "instructor",
            "organization",
            "started_on",
            "ended_on",
            "end_reason",
            "note",
            "reason",
            "version",
        ]
        read_only_fields = [
            "region",
            "committee",
            "ended_on",
            "end_reason",
            "note",
            "version",
        ]
        validators = []  # the service checks "one active per organization" with a clear message


class DispatchingUnitViewSet(ScopedViewSet):
    queryset = DispatchingUnit.objects.all()
    serializer_class = DispatchingUnitSerializer
    filterset_class = UnitFilter


class InstructorViewSet(ServiceModelViewSet):
    queryset = Instructor.objects.all()
    serializer_class = InstructorSerializer
    kept = False  # the phone in full, to managers and to the instructor (ScopedViewSet.list)
    filterset_class = InstructorFilter
    form_class = InstructorForm
    related = ("unit", "committee")

    def perform_save(self, instance, expected_version):
        return services.save_instructor(
            user=self.request.user,
            instructor=instance,
            expected_version=expected_version,
        )


class AssignmentViewSet(ScopedCreateViewSet):
    """Assignments are created and ended, never edited: history stays as it happened."""

    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    form_class = AssignmentForm
    related = ("instructor", "organization")

    def create_from(self, form):
        data = form.cleaned_data
        return services.assign_instructor(
            user=self.request.user,
            instructor=data["instructor"],
            organization=data["organization"],
            started_on=data["started_on"],
            note=data.get("reason", ""),
        )

    @extend_schema(
        request=None,
        responses={200: AssignmentSerializer},
        description="结束派驻：ended_on（日期）、end_reason（原因）。",
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        if not request.user.has_perm("roster.change_assignment"):
            return Response(
                {"detail": "您没有执行该操作的权限。"}, status=status.HTTP_403_FORBIDDEN
            )
        assignment = get_object_or_404(self.get_queryset(), pk=pk)
        form = EndAssignmentForm(data=request.data)
        if not form.is_valid():
            raise serializers.ValidationError(
                {k: [str(m) for m in v] for k, v in form.errors.items()}
            )
        services.end_assignment(
            user=request.user,
            assignment=assignment,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["end_reason"],
            expected_version=form.cleaned_data.get("version"),
        )
        return Response(
            AssignmentSerializer(assignment, context={"request": request}).data
        )


api.register("units", DispatchingUnitViewSet, basename="unit")
api.register("instructors", InstructorViewSet, basename="instructor")
api.register("assignments", AssignmentViewSet, basename="assignment")
