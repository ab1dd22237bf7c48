"""County-editable templates: download the default, edit keeping placeholders, upload back
(versioned, audited, validated), and the next draft uses the edited wording."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.documents import layout
from liangxin.documents.models import DocumentTemplate
from liangxin.documents.services import default_template, draft_document, save_template
from tests.documents.expected import open_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _edited(replace: dict[str, str], *, split_runs: bool = False) -> bytes:
    """The default work summary as a county would edit it in Word (which splits runs)."""
    doc = open_docx(default_template("work-summary"))
    for paragraph in doc.paragraphs:
        text = paragraph.text
        for old, new in replace.items():
            text = text.replace(old, new)
        if text != paragraph.text:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            if split_runs:
                for i in range(0, len(text), 3):  # placeholders cut across runs
                    paragraph.add_run(text[i : i + 3]).bold = i == 0
            else:
                paragraph.add_run(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "总结模板.docx"):
    return SimpleUploadedFile(name, data, content_type=DOCX)


@pytest.mark.django_db
def test_an_edited_template_is_stored_as_the_next_version_and_used(world):
    county = world.users.county
    data = _edited(
        {"两新组织党建工作指导员工作总结": "党建指导员工作情况报告"}, split_runs=True
    )
    first = save_template(
        user=county, region=world.county, kind="work-summary", upload=_upload(data)
    )
    second = save_template(
        user=county,
        region=world.county,
        kind="work-summary",
        upload=_upload(data),
        note="改标题",
    )
    assert (first.number, second.number) == (1, 2)
    assert AuditLog.objects.filter(object_id=str(second.pk), note="改标题").exists()
    draft = draft_document(
        user=county,
        kind="work-summary",
        region=world.county,
        period="2026",
        day=datetime.date(2026, 11, 29),
    )
    assert draft.template_version == 2
    doc = open_docx(draft.data)
    assert doc.paragraphs[0].text == "保德县2026年党建指导员工作情况报告"
    assert doc.paragraphs[0].style.name == layout.TITLE
    # the 公文 layout is applied to an edited template as well
    assert round(doc.sections[0].top_margin.mm) == 37
    # the county that did not edit still gets the default
    other = draft_document(
        user=None, kind="work-summary", region=world.other_county, period="2026"
    )
    assert other.template_version is None


@pytest.mark.django_db
def test_an_unknown_placeholder_is_refused_with_the_list_of_valid_ones(world):
    data = _edited({"{{指导员人数}}": "{{指导员总人数}}"})
    with pytest.raises(ServiceError) as exc:
        save_template(
            user=world.users.county,
            region=world.county,
            kind="work-summary",
            upload=_upload(data),
        )
    assert "{{指导员总人数}}" in exc.value.message
    assert "可用的占位符有" in exc.value.message
    assert "{{指导员人数}}" in exc.value.message
    assert not DocumentTemplate.objects.exists()


@pytest.mark.django_db
def test_a_table_placeholder_must_stand_alone_in_its_paragraph(world):
    data = _edited({"{{表格：逐月到岗}}": "见下表{{表格：逐月到岗}}"})
    with pytest.raises(ServiceError, match="单独成段"):
        save_template(
            user=world.users.county,
            region=world.county,
            kind="work-summary",
            upload=_upload(data),
        )


@pytest.mark.django_db
def test_a_file_that_is_not_a_docx_is_refused_in_chinese(world):
    with pytest.raises(ServiceError, match="docx"):
        save_template(
            user=world.users.county,
            region=world.county,
            kind="work-summary",
            upload=_upload(b"PK\x03\x04 not really a zip file"),
        )
    with pytest.raises(ServiceError):
        save_template(
            user=world.users.county,
            region=world.county,
            kind="work-summary",
            upload=_upload(b"%PDF-1.4", "总结.pdf"),
        )


@pytest.mark.django_db
def test_only_the_county_admin_of_the_region_may_change_templates(world):
    data = default_template("work-summary")
    for user in (world.users.nonpublic, world.users.instructor, world.users.far_county):
        with pytest.raises(ServiceError):
            save_template(
                user=user,
                region=world.county,
                kind="work-summary",
                upload=_upload(data),
            )
    assert not DocumentTemplate.objects.exists()
