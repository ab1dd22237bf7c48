from django.urls import path

from liangxin.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("visits/", views.VisitList.as_view(), name="visit_list"),
    path("visits/checkin/", views.checkin, name="checkin"),
    path("visits/<int:pk>/", views.VisitDetail.as_view(), name="visit_detail"),
    path("visits/<int:pk>/confirm/", views.confirm, name="visit_confirm"),
    path("visits/<int:pk>/dispute/", views.dispute, name="visit_dispute"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/close/", views.close, name="close_month"),
    path("review/", views.review, name="review"),
    path(
        "visits/<int:pk>/review/<slug:action>/",
        views.review_action,
        name="visit_review",
    ),
    # the photo is evidence: only through this permission check, never from a public URL
    path("<int:pk>/photo/", views.photo, name="visit_photo"),
]
