"""The province and city cockpit summaries are recomputed every 10 minutes (驾驶舱汇总预热)."""

from django.db import migrations

NAME = "驾驶舱汇总预热（全省、全市）"


def create(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Task = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = Crontab.objects.get_or_create(
        minute="*/10",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    Task.objects.get_or_create(
        name=NAME,
        defaults={"task": "jobs.warm_cockpits", "crontab": crontab, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_schedules")]

    operations = [migrations.RunPython(create, remove)]
