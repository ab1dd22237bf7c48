"""Big exports and PDFs are made by a background job: progress page, notification, download."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from liangxin.core.models import AuditAction, AuditLog, Notification
from liangxin.jobs import services
from liangxin.jobs.models import Job, JobStatus
from tests import factories as f


def test_an_export_past_the_threshold_becomes_a_job_with_a_notification_and_the_file(
    world, login, settings
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    for i in range(3):
        f.OrganizationFactory(committee=world.nonpublic, name=f"保德县华鑫第{i}分公司")
    client = login(world.users.county)

    response = client.get("/orgs/?q=华鑫&export=xlsx")

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.user == world.users.county and job.filename.endswith(".xlsx")
    page = client.get(f"/jobs/{job.pk}/")
    assert "已完成" in page.content.decode() and f"/jobs/{job.pk}/download/" in (
        page.content.decode()
    )
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    names = sorted(row[0] for row in ws.iter_rows(min_row=2, values_only=True))
    assert names == ["保德县华鑫煤业有限公司"] + [
        f"保德县华鑫第{i}分公司" for i in range(3)
    ]
    note = Notification.objects.get(recipient=world.users.county)
    assert note.title.startswith("文件已生成") and note.url == f"/jobs/{job.pk}/"
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_small_export_is_still_answered_in_the_request(world, login, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 100
    response = login(world.users.county).get("/orgs/?export=xlsx")
    assert response.status_code == 200 and not Job.objects.exists()


def test_the_job_holds_only_what_the_user_may_see(world, login, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    login(world.users.nonpublic).get("/orgs/?export=xlsx")
    job = Job.objects.get()
    ws = load_workbook(job.file.open("rb")).worksheets[0]
    names = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "保德县华鑫煤业有限公司" in names and "保德县个体劳动者协会" not in names


def test_another_user_cannot_see_or_download_the_job(world, login, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    login(world.users.county).get("/orgs/?export=xlsx")
    job = Job.objects.get()
    client = login(world.users.nonpublic)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_duplicated_or_retried_job_changes_nothing_twice(world, login, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    login(world.users.county).get("/orgs/?export=xlsx")
    job = Job.objects.get()
    file_name = job.file.name

    assert services.run(job.pk) == "skipped"

    job.refresh_from_db()
    assert job.attempts == 1 and job.file.name == file_name
    assert Notification.objects.filter(recipient=world.users.county).count() == 1
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_job_whose_worker_died_runs_again_when_redelivered(world, settings):
    job = Job.objects.create(
        user=world.users.county,
        title="导出：两新组织",
        path="/orgs/?export=xlsx",
        status=JobStatus.RUNNING,
        attempts=1,
    )
    settings.EXPORT_SYNC_MAX_ROWS = 0
    assert services.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.file


def test_a_job_for_a_record_out_of_reach_fails_with_a_chinese_message(world):
    job = Job.objects.create(
        user=world.users.instructor,
        title="他人的手册",
        path=f"/handbook/pdf/{world.ins_b.pk}/2025/",
    )
    assert services.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "无权" in job.message
    assert Notification.objects.get(recipient=world.users.instructor).title.startswith(
        "文件生成失败"
    )


def test_with_workers_the_pdf_is_queued_after_commit_and_made_by_the_worker(
    world, login, with_workers, django_capture_on_commit_callbacks
):
    client = login(world.users.instructor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(f"/handbook/pdf/{world.ins_a.pk}/2025/")
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert len(callbacks) == 1
    progress = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in progress.content.decode()

    assert services.run(job.pk) == "done"  # what the worker does with the message

    job.refresh_from_db()
    assert job.content_type == "application/pdf" and "工作手册" in job.filename
    assert job.file.open("rb").read(5) == b"%PDF-"
    done = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "下载" in done


def test_the_user_lists_their_own_jobs(
    world, login, settings, django_assert_max_num_queries
):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client = login(world.users.county)
    client.get("/orgs/?export=xlsx")
    with django_assert_max_num_queries(8):
        page = client.get("/jobs/")
    assert "导出：两新组织" in page.content.decode()
    assert (
        "导出：两新组织"
        not in login(world.users.nonpublic).get("/jobs/").content.decode()
    )


def test_with_workers_pdf_response_hands_over_before_the_context_is_computed(
    world, login, with_workers, monkeypatch, django_capture_on_commit_callbacks
):
    """The offload sits in core.pdf.pdf_response, the one PDF path: the request only queues
    the job (its lazy context is never computed); the worker renders, names and audits it."""
    from liangxin.core import indicators

    computed = []
    original = indicators.compute

    def counting(*args, **kwargs):
        computed.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(indicators, "compute", counting)
    client = login(world.users.unit)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(f"/duties/record/{world.ins_a.pk}/2026/")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.title == f"{world.ins_a.name}-2026年度履职档案（PDF）"
    assert (
        computed == []
        and not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
    )

    assert services.run(job.pk) == "done"

    job.refresh_from_db()
    assert computed and job.filename == f"{world.ins_a.name}-2026年度履职档案.pdf"
    assert job.file.open("rb").read(5) == b"%PDF-"
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, note__contains="履职档案", user=world.users.unit
    ).exists()


def test_a_small_export_reads_its_rows_once_and_a_big_one_is_handed_over_unwritten(
    world, login, settings
):
    """No COUNT before a list export: the rows are read once, at most one past the limit."""
    client = login(world.users.county)
    settings.EXPORT_SYNC_MAX_ROWS = 100
    client.get("/orgs/?export=xlsx")  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/orgs/?export=xlsx").status_code == 200
    # (the signed-in user is read with the count of their unread notifications: not a list)
    assert not any(
        "COUNT(" in q["sql"].upper() and "core_notification" not in q["sql"]
        for q in small.captured_queries
    )

    settings.EXPORT_SYNC_MAX_ROWS = 1
    response = client.get("/orgs/?export=xlsx")
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.DONE
    # two small exports, then the job's file: the handed-over request wrote and audited none
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 3
