from rest_framework import serializers, viewsets

from liangxin.inspections.filters import InspectionFilter
from liangxin.inspections.models import Inspection


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "region", "kind", "date", "inspectors", "instructor", "organization",
                  "on_duty", "contact_masses", "problem_solving", "handbook_records", "issues",
                  "result", "follow_up", "sample", "version"]
        read_only_fields = fields


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections in scope; 暗访 never reach the inspected side, private notes never leave
    the pages of inspectors."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user)
