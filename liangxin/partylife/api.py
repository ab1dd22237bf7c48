from rest_framework import serializers

from liangxin.core import api
from liangxin.core.api import (
    SafeModelSerializer,
    ScopedCreateViewSet,
    ServiceModelViewSet,
)
from liangxin.partylife.filters import (
    CandidateFilter,
    ElectionFilter,
    MeetingFilter,
    ServiceActivityFilter,
)
from liangxin.partylife.forms import (
    CandidateForm,
    ElectionForm,
    MeetingForm,
    ServiceActivityForm,
)
from liangxin.partylife.models import Candidate, Election, Meeting, ServiceActivity
from liangxin.partylife.services import meetings as meeting_services
from liangxin.partylife.services import pipeline as pipeline_services
from liangxin.partylife.services import service_activities as activity_services
from liangxin.partylife.services import terms as term_services


class MeetingSerializer(SafeModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "region",
            "party_organization",
            "kind",
            "date",
            "topic",
            "expected_count",
            "present_count",
            "attendees",
            "instructor_attended",
            "minutes",
            "excellent_count",
            "qualified_count",
            "basic_count",
            "unqualified_count",
            "version",
        ]
        read_only_fields = ["id", "region", "version"]


class ElectionSerializer(SafeModelSerializer):
    checks = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "region",
            "party_organization",
            "term_due_on",
            "request_on",
            "approval_on",
            "seats",
            "candidates",
            "entitled_count",
            "excluded_note",
            "present_count",
            "held_on",
            "result",
            "new_term_years",
            "report_on",
            "checks",
            "version",
        ]
        read_only_fields = ["id", "region", "term_due_on", "checks", "version"]

    def get_checks(self, obj) -> list[dict]:
        return [
            {"check": name, "passed": ok, "detail": detail}
            for name, ok, detail in term_services.election_checks(obj)
        ]


class CandidateSerializer(SafeModelSerializer):
    class Meta:
        model = Candidate
        fields = [
            "id",
            "region",
            "party_organization",
            "name",
            "birth_date",
            "current_step",
            "status",
            "note",
            "version",
        ]
        read_only_fields = fields


class ServiceActivitySerializer(SafeModelSerializer):
    class Meta:
        model = ServiceActivity
        fields = [
            "id",
            "region",
            "organization",
            "date",
            "title",
            "description",
            "participants",
            "beneficiaries",
            "themes",
            "version",
        ]
        read_only_fields = fields


class MeetingViewSet(ServiceModelViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    form_class = MeetingForm
    related = ("party_organization",)

    def perform_save(self, instance, expected_version):
        return meeting_services.save_meeting(
            user=self.request.user, meeting=instance, expected_version=expected_version
        )


class ElectionViewSet(ServiceModelViewSet):
    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    filterset_class = ElectionFilter
    form_class = ElectionForm
    related = ("party_organization",)

    def perform_save(self, instance, expected_version):
        return term_services.save_election(
            user=self.request.user, election=instance, expected_version=expected_version
        )


class CandidateViewSet(ScopedCreateViewSet):
    queryset = Candidate.objects.all()
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    form_class = CandidateForm
    related = ("party_organization",)

    def create_from(self, form):
        data = form.cleaned_data
        return pipeline_services.add_candidate(
            user=self.request.user,
            party_organization=data["party_organization"],
            name=data["name"],
            birth_date=data.get("birth_date"),
            note=data.get("note", ""),
        )


class ServiceActivityViewSet(ScopedCreateViewSet):
    queryset = ServiceActivity.objects.all()
    serializer_class = ServiceActivitySerializer
    filterset_class = ServiceActivityFilter
    form_class = ServiceActivityForm
    related = ("organization",)
    prefetch = ("themes",)

    def create_from(self, form):
        return activity_services.save_service_activity(
            user=self.request.user,
            activity=form.instance,
            themes=form.cleaned_data["themes"],
        )


api.register("meetings", MeetingViewSet, basename="meeting")
api.register("elections", ElectionViewSet, basename="election")
api.register("candidates", CandidateViewSet, basename="candidate")
api.register("service-activities", ServiceActivityViewSet, basename="service-activity")
