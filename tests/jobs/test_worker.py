"""The same jobs through a real Celery worker and Redis (CI: `pytest -m worker` on PostgreSQL).

The worker is a separate process on the test database, so the test commits its data
(transactional_db) and checks the outcome by counting rows, not by reading logs."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection

from liangxin import celery_app
from liangxin.core.models import Notification
from liangxin.fieldwork.models import MonthClose
from liangxin.jobs import tasks
from liangxin.jobs.models import Job, JobStatus

pytestmark = pytest.mark.worker

REDIS = os.environ.get("WORKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _wait(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    assert connection.vendor == "postgresql", (
        "the worker test needs a database two processes share: "
        "DATABASE_URL=postgres://… pytest -m worker"
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": REDIS,
        "MEDIA_ROOT": str(tmp_path),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EXPORT_SYNC_MAX_ROWS": "0",
    }
    settings.MEDIA_ROOT = tmp_path
    settings.REDIS_URL = REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=REDIS, task_always_eager=False)
    celery_app.connection_for_write().default_channel.client.flushdb()
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "liangxin", "worker"]
        + ["--pool=solo", "--concurrency=1", "--loglevel=INFO", "--without-gossip"],
        cwd=django_settings.BASE_DIR,
        env=env,
    )
    yield proc
    proc.terminate()
    proc.wait(timeout=30)
    celery_app.conf.update(broker_url="memory://", task_always_eager=True)


def test_a_worker_makes_the_file_once_even_when_the_message_is_sent_twice(
    world, worker
):
    job = Job.objects.create(
        user=world.users.county, title="导出：两新组织", path="/orgs/?export=xlsx"
    )
    tasks.run_job.delay(job.pk)
    tasks.run_job.delay(job.pk)

    assert _wait(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE)
    time.sleep(2)  # let the duplicate be consumed
    job.refresh_from_db()
    assert job.attempts == 1 and job.file.open("rb").read(2) == b"PK"
    assert Notification.objects.filter(key=f"jobs.done:{job.pk}").count() == 1


def test_a_worker_runs_the_scheduled_month_close_once(world, worker):
    from liangxin.fieldwork.closing import county_regions

    tasks.close_month.delay()
    # one close per county, each in its own transaction: wait for the whole task (counting
    # after the first county's close raced with the second)
    closes = len(county_regions())
    assert closes >= 2
    assert _wait(lambda: MonthClose.objects.count() == closes)
    tasks.close_month.delay()
    tasks.send_reminders.delay()
    time.sleep(5)
    assert MonthClose.objects.count() == closes


def test_a_job_whose_message_redis_lost_is_sent_again_and_made_once(world, worker):
    """Redis restarted without saving: the job's row says 排队中 but no message is left. The
    scheduled 后台任务补发 (here sent to the worker at once) sends it again."""
    import datetime

    from django.utils import timezone

    job = Job.objects.create(
        user=world.users.county, title="导出：两新组织", path="/orgs/?export=xlsx"
    )
    celery_app.connection_for_write().default_channel.client.flushdb()  # the lost message
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    tasks.requeue_stale.delay()
    assert _wait(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE)
    job.refresh_from_db()
    assert job.attempts == 1 and job.file.open("rb").read(2) == b"PK"
