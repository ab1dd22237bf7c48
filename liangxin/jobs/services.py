"""Running work in the background: `enqueue` for any task, `offload` for a file a page would
have produced (a big export, a PDF).

With REDIS_URL the task goes to the Celery workers once the current transaction commits; without
it (the embedded default) the task runs right here, before the response.
"""

import datetime
import logging
import re
from importlib import import_module
from urllib.parse import unquote

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from liangxin.core import dbrouter
from liangxin.core.notifications import notify
from liangxin.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


def is_eager() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def enqueue(task, *args) -> None:
    """Run `task(*args)` now (embedded default) or hand it to a worker after the commit."""
    if is_eager():
        task.apply(args=args, throw=True)
    else:
        transaction.on_commit(lambda: task.delay(*args))


def is_replay(request) -> bool:
    """True inside a job: the page must produce its file instead of offloading again."""
    return getattr(request, "liangxin_job", None) is not None


def should_offload_pdf(request) -> bool:
    """PDFs are made by the workers when there are workers; in the embedded default, inline."""
    return not is_eager() and not is_replay(request)


def offload(request, *, title: str):
    """Queue the current GET request as a job and send the user to its progress page."""
    query = request.GET.urlencode()  # decoded once, re-encoded as UTF-8
    path = iri_to_uri(request.path) + (f"?{query}" if query else "")
    job = Job.objects.create(user=request.user, title=title[:200], path=path[:2000])
    from liangxin.jobs.tasks import run_job

    enqueue(run_job, job.pk)
    return redirect(job.get_absolute_url())


def report_progress(request, done: int, total: int) -> None:
    """Called by long writers every few thousand rows; a no-op outside a job."""
    job = getattr(request, "liangxin_job", None)
    if job is None or total <= 0:
        return
    percent = min(99, done * 100 // total)
    Job.objects.filter(pk=job.pk).update(progress=percent)


def _request_for(job: Job):
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    request = RequestFactory().get(job.path, HTTP_HOST=host.lstrip("."))
    request.user = job.user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request._messages = CookieStorage(request)
    request.liangxin_job = job
    return request


def _filename(response, job: Job) -> str:
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
    if match:
        return unquote(match.group(1))
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else job.title


def _produce(job: Job) -> tuple[bytes, str, str]:
    request = _request_for(job)
    match = resolve(request.path_info)
    with dbrouter.replica_reads():  # a report or an export: the replica may serve it
        response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise ValueError(f"页面返回状态 {response.status_code}")
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content, _filename(response, job), response.get("Content-Type", "")


def run(job_id: int) -> str:
    """Produce the job's file once. A duplicate or retried delivery of a finished job does
    nothing; a job whose worker died is simply run again (nothing was saved for it)."""
    claimed = Job.objects.filter(
        pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(status=JobStatus.RUNNING, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        content, filename, content_type = _produce(job)
    except Http404 as exc:
        return _fail(job, str(exc) or "记录不存在或您无权查看。")
    except (
        Exception
    ) as exc:  # the job records why; the worker goes on with the next one
        logger.exception("job %s failed", job.pk)
        return _fail(job, f"生成失败：{exc}"[:500])
    suffix = filename.rsplit(".", 1)[-1][:8] if "." in filename else "bin"
    stored = job.file.storage.save(
        f"jobs/{timezone.localdate():%Y/%m}/job-{job.pk}.{suffix}", ContentFile(content)
    )
    finished = Job.objects.filter(pk=job.pk).exclude(status=JobStatus.DONE)
    if not finished.update(
        status=JobStatus.DONE,
        progress=100,
        file=stored,
        filename=filename[:255],
        content_type=content_type[:100],
        finished_at=timezone.now(),
        message="",
    ):
        job.file.storage.delete(stored)  # a concurrent duplicate finished first
        return "duplicate"
    notify(
        recipient=job.user,
        title=f"文件已生成：{job.title}",
        body=f"“{job.title}”已生成，请在 7 天内下载。",
        url=job.get_absolute_url(),
        key=f"jobs.done:{job.pk}",
    )
    return "done"


#: a job still 排队中 this long after it was submitted has lost its message (Redis restarted
#: without saving it, a broker emptied): `requeue_stale` sends it again
STALE_AFTER = datetime.timedelta(minutes=10)
#: still queued after this long: given up, and the user told to submit it again
GIVE_UP_AFTER = datetime.timedelta(days=1)


def requeue_stale(now: datetime.datetime | None = None) -> int:
    """Send again every job still queued STALE_AFTER after it was submitted (the scheduled
    job 后台任务补发, every 5 minutes); fail those queued longer than GIVE_UP_AFTER. Returns
    how many were sent. A job whose first message was only slow is then delivered twice: the
    second delivery finds it done and does nothing, or, arriving while the first is still at
    work, produces it again; either way one file is stored and one notification sent (`run`)."""
    from liangxin.jobs.tasks import run_job

    now = now or timezone.now()
    queued = Job.objects.filter(status=JobStatus.QUEUED)
    for job in queued.filter(created_at__lt=now - GIVE_UP_AFTER):
        _fail(job, "排队超过一天仍未开始生成，请重新提交。")
    stale = list(
        queued.filter(
            created_at__lt=now - STALE_AFTER, created_at__gte=now - GIVE_UP_AFTER
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        run_job.delay(pk)
    if stale:
        logger.warning("requeued %d jobs whose message was lost: %s", len(stale), stale)
    return len(stale)


def _fail(job: Job, message: str) -> str:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, message=message[:500], finished_at=timezone.now()
    )
    notify(
        recipient=job.user,
        title=f"文件生成失败：{job.title}",
        body=message,
        url=job.get_absolute_url(),
        key=f"jobs.failed:{job.pk}",
    )
    return "failed"
