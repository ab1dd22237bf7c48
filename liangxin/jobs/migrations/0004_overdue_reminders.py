"""问题与整改逾期提醒, daily beside the other reminders (Beijing time)."""

from django.db import migrations

from liangxin.jobs.schedules import run_python

SCHEDULES = [
    # name, task, minute, hour, day_of_month, month_of_year
    ("问题与整改逾期提醒", "jobs.send_overdue_reminders", "20", "1", "*", "*"),
]


create, remove = run_python(SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_frequent_schedules")]

    operations = [migrations.RunPython(create, remove)]
