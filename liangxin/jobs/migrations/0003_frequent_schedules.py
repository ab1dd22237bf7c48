"""The jobs that run every few minutes (Beijing time), in the database beside 0002's:
驾驶舱汇总预热 (the province and city cockpit summaries) and 后台任务补发 (file jobs whose
message was lost, e.g. a Redis restarted without saving)."""

from django.db import migrations

from liangxin.jobs.schedules import run_python

SCHEDULES = [
    # name, task, minute, hour, day_of_month, month_of_year
    ("驾驶舱汇总预热（全省、全市）", "jobs.warm_cockpits", "*/10", "*", "*", "*"),
    ("后台任务补发（排队超过 10 分钟的文件）", "jobs.requeue_stale", "*/5", "*", "*", "*"),
]


create, remove = run_python(SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_schedules")]

    operations = [migrations.RunPython(create, remove)]
