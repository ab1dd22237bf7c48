"""The pages: county admins draft and manage templates; other roles get 404."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from liangxin.core.models import AuditLog
from liangxin.documents.models import DocumentTemplate
from liangxin.documents.services import default_template
from tests.documents.expected import open_docx


@pytest.mark.django_db
def test_the_county_admin_downloads_a_work_summary_docx_and_pdf(
    world, login, django_assert_max_num_queries
):
    client = login(world.users.county)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("documents:index"))
    assert page.status_code == 200
    assert "工作总结" in page.content.decode()
    url = reverse("documents:draft", args=["work-summary"])
    response = client.post(url, {"period": "2026", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )
    assert "attachment" in response["Content-Disposition"]
    doc = open_docx(response.content)
    assert doc.paragraphs[0].text == "保德县2026年两新组织党建工作指导员工作总结"
    pdf = client.post(url, {"period": "2026-H1", "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    entries = AuditLog.objects.filter(note__startswith="起草工作总结")
    assert {e.after["period"] for e in entries} == {"2026", "2026-H1"}
    assert {e.after["format"] for e in entries} == {"docx", "pdf"}


@pytest.mark.django_db
def test_a_bad_period_is_a_form_error_not_a_500(world, login):
    client = login(world.users.county)
    url = reverse("documents:draft", args=["work-summary"])
    response = client.post(url, {"period": "2026-Q3", "format": "docx"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    response = client.post(url, {"period": "2026", "format": "exe"})
    assert response.status_code == 400
    assert "文件格式应为 docx 或 pdf" in response.content.decode()


@pytest.mark.django_db
def test_other_roles_and_wrong_methods_are_refused(world, login):
    for user in (world.users.nonpublic, world.users.instructor, world.users.contact):
        client = login(user)
        assert client.get(reverse("documents:index")).status_code == 404
        assert client.get(reverse("documents:templates")).status_code == 404
        response = client.post(
            reverse("documents:draft", args=["work-summary"]), {"period": "2026"}
        )
        assert response.status_code == 404
    client = login(world.users.county)
    assert (
        client.get(reverse("documents:draft", args=["work-summary"])).status_code == 405
    )


@pytest.mark.django_db
def test_the_template_page_downloads_the_default_and_takes_an_upload(
    world, login, django_assert_max_num_queries
):
    client = login(world.users.county)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("documents:templates"))
    assert page.status_code == 200
    assert "{{指导员人数}}" in page.content.decode()
    default = client.get(
        reverse("documents:template_download", args=["work-summary", 0])
    )
    assert default.status_code == 200
    response = client.post(
        reverse("documents:template_upload", args=["work-summary"]),
        {"file": SimpleUploadedFile("模板.docx", default.content), "note": "首版"},
        follow=True,
    )
    assert (
        "已保存工作总结模板第1版" in response.content.decode()
    ), [  # what it said instead
        str(m) for m in response.context["messages"]
    ]
    mine = client.get(reverse("documents:template_download", args=["work-summary", 1]))
    assert mine.content == default.content
    assert (
        client.get(
            reverse("documents:template_download", args=["work-summary", 9])
        ).status_code
        == 404
    )
    # the other county's admin sees none of it
    other = login(world.users.far_county)
    assert (
        other.get(
            reverse("documents:template_download", args=["work-summary", 1])
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_an_unknown_placeholder_upload_shows_the_valid_ones(world, login):
    client = login(world.users.county)
    data = default_template("assessment-notice")
    response = client.post(
        reverse("documents:template_upload", args=["work-summary"]),
        {"file": SimpleUploadedFile("模板.docx", data)},
        follow=True,
    )
    body = response.content.decode()
    assert "无法识别的占位符" in body and "可用的占位符有" in body
    assert not DocumentTemplate.objects.exists()


@pytest.mark.django_db
def test_the_command_writes_the_docx_and_the_pdf_beside_it(world, tmp_path: Path):
    out = tmp_path / "总结.docx"
    call_command(
        "draft_document",
        "work-summary",
        "--region",
        "140931",
        "--period",
        "2026-H2",
        "--output",
        str(out),
        "--pdf",
        "--date",
        "2026-12-30",
        stdout=io.StringIO(),
    )
    doc = open_docx(out.read_bytes())
    assert doc.paragraphs[0].text == "保德县2026年下半年两新组织党建工作指导员工作总结"
    assert doc.paragraphs[-1].text == "2026年12月30日"
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    entry = AuditLog.objects.filter(note__startswith="起草工作总结").first()
    assert entry.after["period"] == "2026-H2" and entry.user is None


@pytest.mark.django_db
def test_the_command_explains_bad_arguments_in_chinese(world, tmp_path: Path):
    out = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="期间格式"):
        call_command(
            "draft_document", "work-summary", "--region", "140931",
            "--period", "2026-Q1", "--output", out,
        )  # fmt: skip
    with pytest.raises(CommandError, match="--plan"):
        call_command(
            "draft_document", "inspection-notice", "--region", "140931", "--output", out
        )
    with pytest.raises(CommandError, match="不存在"):
        call_command(
            "draft_document", "work-summary", "--region", "999999",
            "--period", "2026", "--output", out,
        )  # fmt: skip
