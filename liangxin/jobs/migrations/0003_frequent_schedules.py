"""The jobs that run every few minutes (Beijing time), in the database beside 0002's:
驾驶舱汇总预热 (the province and city cockpit summaries) and 后台任务补发 (file jobs whose
message was lost, e.g. a Redis restarted without saving)."""

from django.db import migrations

SCHEDULES = [
    # name, task, minute
    ("驾驶舱汇总预热（全省、全市）", "jobs.warm_cockpits", "*/10"),
    ("后台任务补发（排队超过 10 分钟的文件）", "jobs.requeue_stale", "*/5"),
]


def create(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Task = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute in SCHEDULES:
        crontab, _ = Crontab.objects.get_or_create(
            minute=minute,
            hour="*",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        Task.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def remove(apps, schema_editor):
    Task = apps.get_model("django_celery_beat", "PeriodicTask")
    Task.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_schedules")]

    operations = [migrations.RunPython(create, remove)]
