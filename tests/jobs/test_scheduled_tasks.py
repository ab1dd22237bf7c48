"""Schedules live in the database (editable in the admin) and every scheduled task runs."""

import pytest
from django_celery_beat.models import PeriodicTask

from liangxin import celery_app
from liangxin.core.models import Notification
from liangxin.fieldwork.models import MonthClose
from liangxin.jobs import services, tasks
from tests import factories as f


def test_the_migrations_put_every_schedule_in_the_database_with_a_known_task(db):
    scheduled = dict(PeriodicTask.objects.values_list("task", "crontab__hour"))
    assert set(scheduled) >= {
        "jobs.send_reminders",
        "jobs.send_duty_reminders",
        "jobs.send_partylife_reminders",
        "jobs.send_overdue_reminders",
        "jobs.close_month",
        "jobs.refresh_facts",
        "jobs.refresh_committee_flags",
        "jobs.seed_workcalendar",
        "jobs.warm_cockpits",
        "jobs.requeue_stale",
    }
    celery_app.loader.import_default_modules()
    for name in scheduled:
        assert name in celery_app.tasks, name
    assert PeriodicTask.objects.get(task="jobs.close_month").crontab.day_of_month == "3"


def test_the_admin_lists_the_schedules(world, login):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    page = login(admin).get("/admin/django_celery_beat/periodictask/")
    assert page.status_code == 200 and "月度结账" in page.content.decode()


def test_closing_the_month_twice_closes_it_once(world):
    tasks.close_month.apply(throw=True)
    closes = MonthClose.objects.count()
    assert closes >= 1
    tasks.close_month.apply(throw=True)
    assert MonthClose.objects.count() == closes


@pytest.mark.parametrize(
    "task",
    [
        tasks.send_reminders,
        tasks.send_duty_reminders,
        tasks.send_partylife_reminders,
        tasks.send_overdue_reminders,
        tasks.refresh_facts,
    ],
)
def test_a_reminder_task_run_twice_notifies_once(world, task):
    task.apply(throw=True)
    sent = Notification.objects.count()
    task.apply(throw=True)
    assert Notification.objects.count() == sent


def test_without_redis_enqueue_runs_the_task_before_returning(world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    from liangxin.jobs.models import Job

    job = Job.objects.create(
        user=world.users.county, title="t", path="/orgs/?export=xlsx"
    )
    services.enqueue(tasks.run_job, job.pk)
    job.refresh_from_db()
    assert job.status == "done"
