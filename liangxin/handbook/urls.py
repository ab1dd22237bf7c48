from django.urls import path

from liangxin.handbook import views

app_name = "handbook"
urlpatterns = [
    path("entries/", views.EntryList.as_view(), name="entry_list"),
    path("entries/new/", views.EntryCreate.as_view(), name="entry_create"),
    path("entries/<int:pk>/", views.EntryDetail.as_view(), name="entry_detail"),
    path("organizations/<int:pk>/", views.organization_handbook, name="organization"),
    path("problems/", views.ProblemList.as_view(), name="problem_list"),
    path("problems/new/", views.ProblemCreate.as_view(), name="problem_create"),
    path("problems/<int:pk>/", views.ProblemDetail.as_view(), name="problem_detail"),
    path("problems/<int:pk>/transition/", views.transition, name="problem_transition"),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/progress/", views.add_progress, name="plan_progress"),
    path("plans/<int:pk>/notes/", views.add_note, name="plan_note"),
    path("pdf/<int:instructor_id>/<int:year>/", views.handbook_pdf, name="pdf"),
]
