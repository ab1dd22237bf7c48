from django.urls import path

from liangxin.facts import views

app_name = "facts"
urlpatterns = [
    path("partylife/", views.PeriodList.as_view(), name="period_list"),
]
