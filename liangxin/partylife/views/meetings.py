"""Meeting pages (三会一课, 主题党日, 组织生活会 …) and meeting photos."""

from django.contrib.auth.decorators import login_required, permission_required

from liangxin.core.scoping import get_for_user
from liangxin.core.tables import Column
from liangxin.core.uploads import IMAGE_TYPES, private_file_response
from liangxin.core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from liangxin.partylife.filters import MeetingFilter
from liangxin.partylife.forms import MeetingForm
from liangxin.partylife.models import Meeting, MeetingKind
from liangxin.partylife.services import meetings as meeting_services
from liangxin.partylife.services.base import can_write_for


class MeetingList(ScopedListView):
    model = Meeting
    filterset_class = MeetingFilter
    title = "组织生活记录"
    related = ("party_organization",)
    create_url_name = "partylife:meeting_create"
    columns = [
        Column("date", "日期", link=True),
        Column("kind", "会议类型"),
        Column("topic", "主题"),
        Column("party_organization.name", "党组织"),
        Column("expected_count", "应到"),
        Column("present_count", "实到"),
        Column("instructor_attended", "指导员参加"),
    ]


class MeetingDetail(ScopedDetailView):
    model = Meeting
    related = ("party_organization", "entered_by")
    template_name = "partylife/meeting_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = can_write_for(
            self.request.user, self.object.party_organization
        )
        return ctx


class MeetingSaveMixin:
    model = Meeting
    form_class = MeetingForm
    template_name = "partylife/meeting_form.html"  # multipart: the optional photo
    success_url_name = "partylife:meeting_list"

    def save(self, form):
        return meeting_services.save_meeting(
            user=self.request.user,
            meeting=form.instance,
            expected_version=form.cleaned_data.get("version"),
        )


class MeetingCreate(MeetingSaveMixin, ScopedCreateView):
    title = "登记组织生活"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in MeetingKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial


class MeetingUpdate(MeetingSaveMixin, ScopedUpdateView):
    title = "修改组织生活记录"


@login_required
@permission_required("partylife.view_meeting", raise_exception=True)
def meeting_photo(request, pk):
    """A meeting's photo, to those who may see the meeting (404 otherwise)."""
    meeting = get_for_user(
        Meeting.objects.select_related("party_organization"), request.user, pk=pk
    )
    return private_file_response(
        meeting.photo,
        types=IMAGE_TYPES,
        inline_name=f"{meeting.party_organization}-{meeting.date:%Y-%m-%d}"
        f"{meeting.get_kind_display()}照片",
    )
