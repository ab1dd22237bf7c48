"""The user's background files: a progress page (refreshed by htmx) and the download."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from liangxin.core.scoping import get_for_user
from liangxin.jobs.models import Job, JobStatus


@require_GET
@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user)
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(
        request, "jobs/list.html", {"title": "我的导出文件", "page_obj": page}
    )


@require_GET
@login_required
def job_detail(request, pk):
    job = get_for_user(Job.objects, request.user, pk=pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else None
    return render(
        request,
        template or "jobs/detail.html",
        {"title": job.title, "job": job},
    )


@require_GET
@login_required
def job_download(request, pk):
    job = get_for_user(Job.objects, request.user, pk=pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("文件尚未生成。")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已过期，请重新导出。") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename or job.file.name.rsplit("/", 1)[-1],
        content_type=job.content_type or "application/octet-stream",
    )
