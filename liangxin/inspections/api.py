from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from liangxin.core import api, audit
from liangxin.core.api import SafeModelSerializer, SafeSerializer, ServiceModelViewSet
from liangxin.core.validators import mask_phone
from liangxin.inspections import services
from liangxin.inspections.filters import InspectionFilter
from liangxin.inspections.forms import InspectionForm
from liangxin.inspections.models import (
    Inspection,
    PhoneCall,
    Satisfaction,
    VisitFrequency,
)


def _shows_full_phone(user) -> bool:
    from liangxin.inspections.views import shows_full_phone

    return shows_full_phone(user)


class PhoneCallSerializer(SafeModelSerializer):
    class Meta:
        model = PhoneCall
        fields = [
            "id",
            "name",
            "organization",
            "phone",
            "reached",
            "frequency",
            "satisfaction",
            "comment",
            "called_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context["request"]
        if not _shows_full_phone(request.user):
            data["phone"] = mask_phone(data["phone"])
        elif data["phone"]:
            audit.note_reveal(request, instance.inspection, "电话调查名单手机号")
        return data


class InspectionSerializer(SafeModelSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "region",
            "kind",
            "date",
            "inspectors",
            "instructor",
            "organization",
            "on_duty",
            "contact_masses",
            "problem_solving",
            "handbook_records",
            "issues",
            "result",
            "follow_up",
            "sample",
            "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        view = self.context.get("view")
        if instance.kind == "phone" and view is not None and view.action == "retrieve":
            # the call list is the inspectors' own: the inspected side never gets the key
            calls = PhoneCall.objects.visible_to(self.context["request"].user).filter(
                inspection=instance
            )
            if calls.exists():
                data["calls"] = PhoneCallSerializer(
                    calls, many=True, context=self.context
                ).data
        return data


class CallAnswerSerializer(SafeSerializer):
    reached = serializers.BooleanField()
    frequency = serializers.ChoiceField(
        choices=VisitFrequency.choices, required=False, allow_blank=True
    )
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, required=False, allow_blank=True
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InspectionViewSet(ServiceModelViewSet):
    """Inspections in scope; 暗访 never reach the inspected side, private notes and phone
    survey call lists never leave the inspectors. Created through the same service as the
    page (`private_note` optional); recorded inspections are not edited through the API."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    form_class = InspectionForm
    related = ("instructor", "organization")
    http_method_names = ["get", "post", "head", "options"]

    def perform_save(self, instance, expected_version):
        return services.record_inspection(
            user=self.request.user,
            inspection=instance,
            private_note=str(self.request.data.get("private_note", ""))[:2000],
        )

    @extend_schema(
        request=CallAnswerSerializer,
        responses={200: PhoneCallSerializer},
        description="记录电话调查一通电话的结果（仅检查人员）。",
    )
    @action(detail=True, methods=["post"], url_path=r"calls/(?P<call_pk>\d+)")
    def calls(self, request, pk=None, call_pk=None):
        inspection = get_object_or_404(self.get_queryset(), pk=pk)
        call = get_object_or_404(
            PhoneCall.objects.visible_to(request.user).filter(inspection=inspection),
            pk=call_pk,
        )
        answer = CallAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        call = services.record_call(
            user=request.user, call=call, **answer.validated_data
        )
        return Response(PhoneCallSerializer(call, context={"request": request}).data)


api.register("inspections", InspectionViewSet, basename="inspection")
