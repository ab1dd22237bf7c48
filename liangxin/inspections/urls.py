from django.urls import path

from liangxin.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionList.as_view(), name="inspection_list"),
    path("new/", views.InspectionCreate.as_view(), name="inspection_create"),
    path("<int:pk>/", views.InspectionDetail.as_view(), name="inspection_detail"),
    path("<int:pk>/notes/", views.add_note, name="add_note"),
    path("<int:pk>/publish/", views.publish_finding, name="publish_finding"),
    path("<int:pk>/rectifications/", views.add_rectification, name="add_rectification"),
    path("<int:pk>/sample/", views.rate_sample, name="rate_sample"),
    path("calls/<int:pk>/", views.record_call, name="record_call"),
    path(
        "rectifications/<int:pk>/close/",
        views.close_rectification,
        name="close_rectification",
    ),
    path(
        "rectifications/", views.RectificationList.as_view(), name="rectification_list"
    ),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
]
