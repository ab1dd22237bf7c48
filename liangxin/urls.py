from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from liangxin.core import pwa, twofactor
from liangxin.core.health import healthz, metrics, readyz
from liangxin.core.views import PasswordChangeView
from liangxin.dashboard.cockpit.views import cockpit
from liangxin.dashboard.views import home, worklist

admin.site.site_header = admin.site.site_title = "两新组织党建工作指导员管理系统 后台"

urlpatterns = [
    path("", home, name="home"),
    path("worklist/", worklist, name="worklist"),
    path("cockpit/", cockpit, name="cockpit"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("2fa/", twofactor.setup, name="twofactor_setup"),
    path("2fa/verify/", twofactor.verify, name="twofactor_verify"),
    path("healthz", healthz, name="health"),
    path("readyz", readyz, name="ready"),
    # answered by pwa.PwaMiddleware before the session; named here for {% url %}
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("metrics", metrics, name="prometheus-django-metrics"),
    path("jobs/", include("liangxin.jobs.urls")),
    path("", include("liangxin.coverage.urls")),
    path("orgs/", include("liangxin.orgs.urls")),
    path("roster/", include("liangxin.roster.urls")),
    path("fieldwork/", include("liangxin.fieldwork.urls")),
    path("handbook/", include("liangxin.handbook.urls")),
    path("assessment/", include("liangxin.assessment.urls")),
    path("inspections/", include("liangxin.inspections.urls")),
    path("partylife/", include("liangxin.partylife.urls")),
    path("facts/", include("liangxin.facts.urls")),
    path("duties/", include("liangxin.duties.urls")),
    path("documents/", include("liangxin.documents.urls")),
    path("system/", include("liangxin.core.urls")),
    path("api/", include("liangxin.api.urls")),
    path("admin/", admin.site.urls),
]
