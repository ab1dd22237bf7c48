from django.urls import path

from liangxin.coverage import views

app_name = "coverage"
# the addresses people bookmarked before coverage became its own app
urlpatterns = [
    path("orgs/coverage/", views.overview, name="overview"),
    path("partylife/coverage/", views.trend, name="trend"),
]
