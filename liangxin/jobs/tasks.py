"""Celery tasks. Each one is safe to run twice: the scheduled ones call idempotent services
(notifications have keys, a closed month stays closed), file jobs are claimed once."""

from celery import shared_task
from django.core.management import call_command

from liangxin.jobs import services


@shared_task(name="jobs.run_job")
def run_job(job_id: int) -> str:
    return services.run(job_id)


@shared_task(name="jobs.requeue_stale")
def requeue_stale() -> int:
    """后台任务补发：send again the file jobs whose message was lost (e.g. Redis restarted)."""
    return services.requeue_stale()


@shared_task(name="jobs.send_reminders")
def send_reminders() -> None:
    """到岗不足、待确认提醒"""
    call_command("send_reminders")


@shared_task(name="jobs.send_duty_reminders")
def send_duty_reminders() -> None:
    """汇报、请示、培训、述职提醒"""
    call_command("send_duty_reminders")


@shared_task(name="jobs.send_partylife_reminders")
def send_partylife_reminders() -> None:
    """换届、组织生活提醒"""
    call_command("send_partylife_reminders")


@shared_task(name="jobs.send_overdue_reminders")
def send_overdue_reminders() -> None:
    """问题逾期、整改逾期提醒"""
    call_command("send_overdue_reminders")


@shared_task(name="jobs.close_month")
def close_month() -> None:
    """结上月（已结账的月份不会重复结账）"""
    call_command("close_month")


@shared_task(name="jobs.refresh_facts")
def refresh_facts() -> str:
    """Rebuild the cockpit's fact tables where that command exists."""
    from django.core.management import get_commands

    if "refresh_facts" not in get_commands():
        return "absent"
    call_command("refresh_facts")
    warm_cockpits()
    return "done"


@shared_task(name="jobs.refresh_committee_flags")
def refresh_committee_flags() -> str:
    """委员会预警预热：各委员会预警清单的预警记录（每晚统计刷新之后）."""
    from django.core.management import get_commands

    if "refresh_facts" not in get_commands():
        return "absent"
    call_command("refresh_facts", committee_flags=True)
    return "done"


@shared_task(name="jobs.warm_cockpits")
def warm_cockpits() -> str:
    """驾驶舱汇总预热：全省、全市首页的汇总（the dashboard app's command, where installed)."""
    from django.core.management import get_commands

    if "warm_cockpits" not in get_commands():
        return "absent"
    call_command("warm_cockpits")
    return "done"


@shared_task(name="jobs.seed_workcalendar")
def seed_workcalendar() -> None:
    """当年工作日历（国务院节假日安排，已手工修改的日子保留）"""
    from django.utils import timezone

    call_command("seed_workcalendar", year=timezone.localdate().year)
