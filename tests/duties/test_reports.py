"""Regular reports: pre-filled drafts, the review workflow, overdue reminders."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.core.models import AuditLog, Notification, Policy
from liangxin.core.services import ServiceError
from liangxin.duties.models import RegularReport, ReportStatus
from liangxin.duties.services.reports import (
    edit_report,
    missing_reports,
    report_periods,
    review_report,
    start_report,
    submit_report,
)
from liangxin.fieldwork.models import Visit
from liangxin.handbook.models import HandbookEntry, Problem


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _start(world, start=None):
    return start_report(
        user=world.users.instructor, period_start=start or _this_month()
    )


def test_the_draft_is_prefilled_with_the_periods_records(world):
    day = timezone.localdate()
    Visit.objects.create(
        region=world.county,
        instructor=world.ins_a,
        organization=world.org_a,
        assignment=world.asg_a,
        date=day,
        activities=["research"],
        recorded_at=timezone.now(),
    )
    HandbookEntry.objects.create(
        region=world.county,
        instructor=world.ins_a,
        organization=world.org_a,
        section="work",
        date=day,
        title="指导三会一课",
        content="内容",
    )
    Problem.objects.create(
        region=world.county,
        instructor=world.ins_a,
        organization=world.org_a,
        raised_by_kind="employee",
        category="labour",
        description="工资发放不及时",
        raised_on=day,
    )
    report = _start(world)
    assert "到组织工作 1 天" in report.summary
    assert "指导三会一课" in report.summary and "工资发放不及时" in report.summary
    assert report.status == ReportStatus.DRAFT and report.period_end >= day


def test_the_cadence_follows_the_policy(world):
    Policy.objects.create(
        region=world.county, year=timezone.localdate().year, report_cadence="quarterly"
    )
    quarter = (timezone.localdate().month - 1) // 3 * 3 + 1
    report = _start(world, timezone.localdate().replace(month=quarter, day=1))
    assert "季度" in report.period_label
    with pytest.raises(ServiceError, match="汇报期无效"):
        _start(world, datetime.date(timezone.localdate().year, 2, 1))


def test_a_second_report_for_the_period_is_refused(world):
    _start(world)
    with pytest.raises(ServiceError, match="已存在"):
        _start(world)


def test_submit_return_resubmit_accept(world):
    report = _start(world)
    submit_report(user=world.users.instructor, report=report)
    report.refresh_from_db()
    review_report(
        user=world.users.nonpublic,
        report=report,
        accept=False,
        comment="请补充下一步打算",
    )
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.RETURNED and report.comment == "请补充下一步打算"
    )
    edit_report(user=world.users.instructor, report=report, summary="补充后的汇报")
    report.refresh_from_db()
    submit_report(user=world.users.instructor, report=report)
    report.refresh_from_db()
    review_report(user=world.users.nonpublic, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.transitions.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert (
        AuditLog.objects.filter(
            object_id=str(report.pk),
            note__in=["提交定期汇报", "退回定期汇报", "通过定期汇报"],
        ).count()
        == 4
    )
    assert Notification.objects.filter(recipient=world.users.instructor).count() == 2


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("draft", "accept", "不能改为“已通过”"),
        ("draft", "return", "不能改为“已退回”"),
        ("accepted", "submit", "不能改为“待审阅”"),
        ("accepted", "accept", "不能改为“已通过”"),
        ("accepted", "return", "不能改为“已退回”"),
        ("submitted", "submit", "不能改为“待审阅”"),
        ("returned", "accept", "不能改为“已通过”"),
        ("returned", "return", "不能改为“已退回”"),
        ("accepted", "edit", "不能修改"),
        ("submitted", "edit", "不能修改"),
    ],
)
def test_every_illegal_report_transition_is_refused_in_chinese(
    world, status, action, message
):
    report = _start(world)
    RegularReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    calls = {
        "submit": lambda: submit_report(user=world.users.instructor, report=report),
        "accept": lambda: review_report(
            user=world.users.nonpublic, report=report, accept=True
        ),
        "return": lambda: review_report(
            user=world.users.nonpublic, report=report, accept=False, comment="理由"
        ),
        "edit": lambda: edit_report(
            user=world.users.instructor, report=report, summary="新内容"
        ),
    }
    with pytest.raises(ServiceError, match=message):
        calls[action]()
    report.refresh_from_db()
    assert report.status == status and not report.transitions.exists()


def test_another_committee_cannot_review(world):
    report = _start(world)
    submit_report(user=world.users.instructor, report=report)
    with pytest.raises(ServiceError, match="只有指导员所属行业党委"):
        review_report(user=world.users.social, report=report, accept=True)


def test_overdue_reports_are_flagged_and_reminded_once(world):
    today = timezone.localdate()
    if today.month == 1:
        pytest.skip("no finished period yet in January")  # pragma: no cover
    missing = missing_reports([world.ins_a], today)
    assert missing and all(due < today for _, _, due in missing)
    call_command("send_duty_reminders", verbosity=0)
    call_command("send_duty_reminders", verbosity=0)
    notices = Notification.objects.filter(
        recipient=world.users.instructor, key__startswith="duties.report_overdue"
    )
    assert notices.count() == len(missing)


def test_the_report_pages(world, login):
    client = login(world.users.instructor)
    assert client.get("/duties/reports/new/").status_code == 200
    response = client.post(
        "/duties/reports/new/", {"period": f"{_this_month():%Y-%m-%d}"}
    )
    report = RegularReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    client.post(
        f"/duties/reports/{report.pk}/save/",
        {"summary": "本月工作汇报", "version": report.version, "submit": "1"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.summary == "本月工作汇报"
    assert login(world.users.social).get(report.get_absolute_url()).status_code == 404
    assert (
        login(world.users.social)
        .post(f"/duties/reports/{report.pk}/review/accept/")
        .status_code
        == 404
    )
    assert (
        login(world.users.unit)
        .post(f"/duties/reports/{report.pk}/review/accept/")
        .status_code
        == 403
    )
    assert (
        login(world.users.nonpublic)
        .get(f"/duties/reports/{report.pk}/review/accept/")
        .status_code
        == 405
    )
    assert login(world.users.nonpublic).get("/duties/reports/new/").status_code == 403
    response = login(world.users.nonpublic).post(
        f"/duties/reports/{report.pk}/review/return/", {"comment": ""}, follow=True
    )
    assert "退回时请填写审阅意见" in response.content.decode()
    login(world.users.nonpublic).post(
        f"/duties/reports/{report.pk}/review/accept/", {"comment": "好"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_due_dates_match_add_workdays(world):
    from liangxin.core.workcalendar import add_workdays

    for period, due in report_periods(world.county.code, 2026):
        assert due == add_workdays(period.end + datetime.timedelta(days=1), 5).end
