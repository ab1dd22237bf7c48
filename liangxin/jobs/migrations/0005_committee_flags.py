"""委员会预警预热, nightly after 统计数据刷新 (00:40; Beijing time): the sector committees'
worklists read flag rows from the day's first view (facts.refresh.refresh_committee_flags)."""

from django.db import migrations

from liangxin.jobs.schedules import run_python

SCHEDULES = [
    # name, task, minute, hour, day_of_month, month_of_year
    ("委员会预警预热", "jobs.refresh_committee_flags", "55", "0", "*", "*"),
]


create, remove = run_python(SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_overdue_reminders")]

    operations = [migrations.RunPython(create, remove)]
