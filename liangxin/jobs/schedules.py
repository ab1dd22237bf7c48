"""Scheduled jobs written into django-celery-beat's tables by the jobs migrations.

Kept out of the migration files so that each migration only lists its rows, and kept free of
app models (it uses the historical models a migration passes in) so old migrations keep
running as the app changes.
"""


def run_python(rows):
    """(create, remove) for `migrations.RunPython`: one periodic task per row of (name, task,
    minute, hour, day_of_month, month_of_year), Beijing time; created once, never doubled."""

    def create(apps, schema_editor):
        Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
        Task = apps.get_model("django_celery_beat", "PeriodicTask")
        for name, task, minute, hour, day, month in rows:
            crontab, _ = Crontab.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month=day,
                month_of_year=month,
                timezone="Asia/Shanghai",
            )
            Task.objects.get_or_create(
                name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
            )

    def remove(apps, schema_editor):
        Task = apps.get_model("django_celery_beat", "PeriodicTask")
        Task.objects.filter(name__in=[row[0] for row in rows]).delete()

    return create, remove
