from django.urls import path

from liangxin.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("draft/<str:kind>/", views.draft, name="draft"),
    path("templates/", views.templates, name="templates"),
    path(
        "templates/<str:kind>/<int:number>.docx",
        views.template_download,
        name="template_download",
    ),
    path("templates/<str:kind>/upload/", views.template_upload, name="template_upload"),
]
