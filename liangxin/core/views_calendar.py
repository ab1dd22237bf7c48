"""The county admin's page for the working calendar's years: which are 暂算, and confirming a
year complete from the State Council notice."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from liangxin.core.models import Role, WorkCalendarDay, WorkCalendarYear
from liangxin.core.services import ServiceError, confirm_calendar_year
from liangxin.core.workcalendar import package_day


@require_http_methods(["GET", "POST"])
@login_required
def calendar_years(request):
    user = request.user
    if not (user.is_superuser or user.role == Role.COUNTY_ADMIN):
        raise PermissionDenied("只有县级管理员可以确认工作日历。")
    if request.method == "POST":
        try:
            confirm_calendar_year(
                user=user,
                year=request.POST.get("year"),
                notice=request.POST.get("notice", ""),
            )
            messages.success(request, "已确认该年度工作日历完整，相关结果不再暂算。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("core:calendar_years")
    this_year = timezone.localdate().year
    confirmed = {
        y.year: y for y in WorkCalendarYear.objects.select_related("confirmed_by")
    }
    rows = []
    for year in range(this_year - 1, this_year + 3):
        entered = WorkCalendarDay.objects.filter(date__year=year).count()
        known = package_day(datetime.date(year, 1, 1)) is not None
        rows.append(
            {
                "year": year,
                "known": known,
                "entered": entered,
                "confirmed": confirmed.get(year),
            }
        )
    return render(request, "core/calendar_years.html", {"rows": rows})
