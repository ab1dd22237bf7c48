from django.shortcuts import render
from django.urls import include, path

ROWS = [{"n": i, "name": f"第 {i} 行", "value": i * 7} for i in range(50)]


def bare(request):
    """The yardstick: a 50-row template with no database access."""
    return render(request, "bare.html", {"rows": ROWS})


def layout(request):
    """The same rows inside the site's layout (navbar, sidebar, bell): what every page pays."""
    return render(request, "layout.html", {"rows": ROWS})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/layout/", layout),
    path("", include("liangxin.urls")),
]
