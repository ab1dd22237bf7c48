from django.urls import path

from liangxin.partylife.views import (
    compliance,
    meetings,
    pipeline,
    procedures,
    service_activities,
    terms,
)

app_name = "partylife"
urlpatterns = [
    path("meetings/", meetings.MeetingList.as_view(), name="meeting_list"),
    path("meetings/new/", meetings.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", meetings.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "meetings/<int:pk>/edit/",
        meetings.MeetingUpdate.as_view(),
        name="meeting_update",
    ),
    path("meetings/<int:pk>/photo/", meetings.meeting_photo, name="meeting_photo"),
    path("calendar/", compliance.calendar, name="calendar"),
    path("terms/", terms.terms, name="term_list"),
    path("terms/<int:pk>/extend/", terms.extend_term, name="term_extend"),
    path("elections/", terms.ElectionList.as_view(), name="election_list"),
    path("elections/new/", terms.ElectionCreate.as_view(), name="election_create"),
    path("elections/<int:pk>/", terms.ElectionDetail.as_view(), name="election_detail"),
    path(
        "elections/<int:pk>/edit/",
        terms.ElectionUpdate.as_view(),
        name="election_update",
    ),
    path("candidates/", pipeline.CandidateList.as_view(), name="candidate_list"),
    path(
        "candidates/new/", pipeline.CandidateCreate.as_view(), name="candidate_create"
    ),
    path(
        "candidates/<int:pk>/",
        pipeline.CandidateDetail.as_view(),
        name="candidate_detail",
    ),
    path("candidates/<int:pk>/steps/", pipeline.record_step, name="candidate_step"),
    path("candidates/<int:pk>/stop/", pipeline.stop_candidate, name="candidate_stop"),
    path(
        "service/",
        service_activities.ServiceActivityList.as_view(),
        name="service_list",
    ),
    path(
        "service/new/",
        service_activities.ServiceActivityCreate.as_view(),
        name="service_create",
    ),
    path("themes/", service_activities.ThemeList.as_view(), name="theme_list"),
    path("themes/new/", service_activities.ThemeCreate.as_view(), name="theme_create"),
    path(
        "themes/<int:pk>/edit/",
        service_activities.ThemeUpdate.as_view(),
        name="theme_update",
    ),
    path("procedures/", procedures.ProcedureList.as_view(), name="procedure_list"),
    path(
        "procedures/new/", procedures.ProcedureCreate.as_view(), name="procedure_create"
    ),
    path(
        "procedures/<int:pk>/",
        procedures.ProcedureDetail.as_view(),
        name="procedure_detail",
    ),
    path(
        "procedures/<int:pk>/edit/",
        procedures.ProcedureUpdate.as_view(),
        name="procedure_update",
    ),
    path(
        "procedures/<int:pk>/steps/", procedures.procedure_step, name="procedure_step"
    ),
    path(
        "procedures/<int:pk>/pdf/<str:form>/",
        procedures.procedure_pdf,
        name="procedure_pdf",
    ),
]
