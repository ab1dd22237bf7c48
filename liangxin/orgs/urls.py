from django.urls import path

from liangxin.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrganizationList.as_view(), name="organization_list"),
    path("new/", views.OrganizationCreate.as_view(), name="organization_create"),
    path("import/", views.OrganizationImportView.as_view(), name="organization_import"),
    path("<int:pk>/", views.OrganizationDetail.as_view(), name="organization_detail"),
    path(
        "<int:pk>/edit/", views.OrganizationUpdate.as_view(), name="organization_update"
    ),
    path(
        "party/", views.PartyOrganizationList.as_view(), name="partyorganization_list"
    ),
    path(
        "party/new/",
        views.PartyOrganizationCreate.as_view(),
        name="partyorganization_create",
    ),
    path(
        "party/<int:pk>/",
        views.PartyOrganizationDetail.as_view(),
        name="partyorganization_detail",
    ),
    path(
        "party/<int:pk>/edit/",
        views.PartyOrganizationUpdate.as_view(),
        name="partyorganization_update",
    ),
    path("committees/", views.CommitteeList.as_view(), name="committee_list"),
]
