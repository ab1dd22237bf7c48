"""Every 5 minutes, file jobs whose message was lost (a Redis restarted without saving) are
sent again (后台任务补发)."""

from django.db import migrations

NAME = "后台任务补发（排队超过 10 分钟的文件）"


def create(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Task = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = Crontab.objects.get_or_create(
        minute="*/5",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    Task.objects.get_or_create(
        name=NAME,
        defaults={"task": "jobs.requeue_stale", "crontab": crontab, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_warm_cockpits")]

    operations = [migrations.RunPython(create, remove)]
