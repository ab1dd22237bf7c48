from django.urls import path

from liangxin.roster import views

app_name = "roster"
urlpatterns = [
    path("instructors/", views.InstructorList.as_view(), name="instructor_list"),
    path(
        "instructors/new/", views.InstructorCreate.as_view(), name="instructor_create"
    ),
    path(
        "instructors/import/",
        views.InstructorImportView.as_view(),
        name="instructor_import",
    ),
    path(
        "instructors/<int:pk>/",
        views.InstructorDetail.as_view(),
        name="instructor_detail",
    ),
    path(
        "instructors/<int:pk>/phone/",
        views.instructor_phone,
        name="instructor_phone",
    ),
    path(
        "instructors/<int:pk>/edit/",
        views.InstructorUpdate.as_view(),
        name="instructor_update",
    ),
    path("units/", views.UnitList.as_view(), name="unit_list"),
    path("units/new/", views.UnitCreate.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitDetail.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitUpdate.as_view(), name="unit_update"),
    path("assignments/", views.AssignmentList.as_view(), name="assignment_list"),
    path("assignments/new/", views.assign, name="assign"),
    path(
        "assignments/import/",
        views.AssignmentImportView.as_view(),
        name="assignment_import",
    ),
    path(
        "assignments/<int:pk>/",
        views.AssignmentDetail.as_view(),
        name="assignment_detail",
    ),
    path("assignments/<int:pk>/end/", views.end, name="assignment_end"),
]
