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
]
