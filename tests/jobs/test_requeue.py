"""A file job whose message was lost (Redis restarted without saving) is sent again by the
scheduled job 后台任务补发, produces its file once, and is given up after a day."""

import datetime

from django.utils import timezone

from liangxin.core.models import Notification
from liangxin.jobs import services, tasks
from liangxin.jobs.models import Job, JobStatus


def _job(user, minutes_ago: int, status=JobStatus.QUEUED) -> Job:
    job = Job.objects.create(
        user=user, title="导出：两新组织", path="/orgs/?export=xlsx", status=status
    )
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(created_at=created)
    return job


def test_only_jobs_queued_too_long_are_sent_again(world, monkeypatch):
    user = world.users.county
    lost = _job(user, 11)
    _job(user, 2)  # still waiting its turn
    _job(user, 30, JobStatus.RUNNING)  # a worker has it
    _job(user, 30, JobStatus.DONE)
    sent = []
    monkeypatch.setattr(tasks.run_job, "delay", lambda pk: sent.append(pk))
    assert services.requeue_stale() == 1
    assert sent == [lost.pk]


def test_a_job_sent_again_produces_its_file_once(world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    lost = _job(world.users.county, 11)
    tasks.requeue_stale.apply(throw=True)  # eager here: the job runs at once
    lost.refresh_from_db()
    assert lost.status == JobStatus.DONE and lost.file and lost.attempts == 1
    assert services.run(lost.pk) == "skipped"  # the first message turns up after all
    assert services.requeue_stale() == 0
    assert Notification.objects.filter(recipient=world.users.county).count() == 1


def test_a_job_queued_for_more_than_a_day_is_given_up_and_the_user_told(
    world, monkeypatch
):
    old = _job(world.users.county, 60 * 25)
    monkeypatch.setattr(tasks.run_job, "delay", lambda pk: None)
    assert services.requeue_stale() == 0
    old.refresh_from_db()
    assert old.status == JobStatus.FAILED and "重新提交" in old.message
    note = Notification.objects.get(recipient=world.users.county)
    assert note.title.startswith("文件生成失败")
