"""The scheduled jobs, in the database (django-celery-beat): a county admin sees and changes
them in the admin (后台 → 周期任务). Times are Beijing time. Replaces the crontab lines."""

from django.db import migrations

from liangxin.jobs.schedules import run_python

SCHEDULES = [
    # name, task, minute, hour, day_of_month, month_of_year
    ("到岗提醒（到岗不足、待确认）", "jobs.send_reminders", "5", "1", "*", "*"),
    ("履职提醒（汇报、请示、培训、述职）", "jobs.send_duty_reminders", "10", "1", "*", "*"),
    ("换届与组织生活提醒", "jobs.send_partylife_reminders", "15", "1", "*", "*"),
    ("月度结账（结上月）", "jobs.close_month", "30", "2", "3", "*"),
    ("统计数据刷新（驾驶舱）", "jobs.refresh_facts", "40", "0", "*", "*"),
    ("工作日历（当年节假日）", "jobs.seed_workcalendar", "0", "3", "1", "12"),
]


create, remove = run_python(SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
