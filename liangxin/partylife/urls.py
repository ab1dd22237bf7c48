from django.urls import path

from liangxin.partylife import views

app_name = "partylife"
urlpatterns = [
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdate.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/photo/", views.meeting_photo, name="meeting_photo"),
    path("calendar/", views.calendar, name="calendar"),
    path("terms/", views.terms, name="term_list"),
    path("terms/<int:pk>/extend/", views.extend_term, name="term_extend"),
    path("elections/", views.ElectionList.as_view(), name="election_list"),
    path("elections/new/", views.ElectionCreate.as_view(), name="election_create"),
    path("elections/<int:pk>/", views.ElectionDetail.as_view(), name="election_detail"),
    path("elections/<int:pk>/edit/", views.ElectionUpdate.as_view(), name="election_update"),
    path("candidates/", views.CandidateList.as_view(), name="candidate_list"),
    path("candidates/new/", views.CandidateCreate.as_view(), name="candidate_create"),
    path("candidates/<int:pk>/", views.CandidateDetail.as_view(), name="candidate_detail"),
    path("candidates/<int:pk>/steps/", views.record_step, name="candidate_step"),
    path("candidates/<int:pk>/stop/", views.stop_candidate, name="candidate_stop"),
    path("service/", views.ServiceActivityList.as_view(), name="service_list"),
    path("service/new/", views.ServiceActivityCreate.as_view(), name="service_create"),
    path("themes/", views.ThemeList.as_view(), name="theme_list"),
    path("themes/new/", views.ThemeCreate.as_view(), name="theme_create"),
    path("themes/<int:pk>/edit/", views.ThemeUpdate.as_view(), name="theme_update"),
    path("coverage/", views.coverage_trend, name="coverage_trend"),
    path("procedures/", views.ProcedureList.as_view(), name="procedure_list"),
    path("procedures/new/", views.ProcedureCreate.as_view(), name="procedure_create"),
    path("procedures/<int:pk>/", views.ProcedureDetail.as_view(), name="procedure_detail"),
    path("procedures/<int:pk>/edit/", views.ProcedureUpdate.as_view(), name="procedure_update"),
    path("procedures/<int:pk>/steps/", views.procedure_step, name="procedure_step"),
    path("procedures/<int:pk>/pdf/<str:form>/", views.procedure_pdf, name="procedure_pdf"),
]
