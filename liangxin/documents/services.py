"""Drafting the department's documents and keeping each county's edited templates.

`draft_document` is the one path for pages and the command line: it builds the content from
the apps' services, fills the county's current template (or the default), and writes the audit
entry with its parameters. `save_template` checks an uploaded template and stores it as the
next version.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from liangxin.assessment.models import Round
from liangxin.core import audit
from liangxin.core.models import AuditAction, Region, Role
from liangxin.core.services import ServiceError
from liangxin.core.uploads import DOCUMENT_TYPES, check_upload
from liangxin.documents import defaults, render
from liangxin.documents.content import assessment, inspection, summary
from liangxin.documents.content.base import CHART_PREFIX, TABLE_PREFIX
from liangxin.documents.models import DocumentKind, DocumentTemplate
from liangxin.documents.periods import Period, parse_period
from liangxin.inspections.models import InspectionPlan

DOCX_TYPE = DOCUMENT_TYPES["docx"][0]
PDF_TYPE = "application/pdf"
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024

DEFAULT_PARAGRAPHS = {
    DocumentKind.WORK_SUMMARY: defaults.WORK_SUMMARY,
    DocumentKind.INSPECTION_NOTICE: defaults.INSPECTION_NOTICE,
    DocumentKind.ASSESSMENT_NOTICE: defaults.ASSESSMENT_NOTICE,
}
PLACEHOLDERS = {
    DocumentKind.WORK_SUMMARY: summary.PLACEHOLDERS,
    DocumentKind.INSPECTION_NOTICE: inspection.PLACEHOLDERS,
    DocumentKind.ASSESSMENT_NOTICE: assessment.PLACEHOLDERS,
}
NO_PERMISSION = "只有县级管理员可以起草公文和修改公文模板。"


@dataclass
class Draft:
    filename: str
    content_type: str
    data: bytes
    template_version: int | None  # None: the default wording


def can_draft(user) -> bool:
    return user.is_superuser or user.has_role(Role.COUNTY_ADMIN)


def _require_county_admin(user, region: Region) -> None:
    """County admins act for their own region and below; the command line acts for no user."""
    if user is None or user.is_superuser:
        return
    if not user.has_role(Role.COUNTY_ADMIN) or not (
        user.region_prefix and region.code.startswith(user.region_prefix)
    ):
        raise ServiceError(NO_PERMISSION)


def kind_of(value: str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        valid = "、".join(f"{k.value}（{k.label}）" for k in DocumentKind)
        raise ServiceError(f"公文类别应为：{valid}。", field="kind") from None


def default_template(kind: str) -> bytes:
    return render.default_docx(DEFAULT_PARAGRAPHS[kind])


def current_template(region: Region, kind: str) -> tuple[bytes, int | None]:
    """The region's latest uploaded version, else the nearest one up the tree, else default."""
    codes = [region.code]
    parent = region.parent
    while parent is not None:
        codes.append(parent.code)
        parent = parent.parent
    latest: dict[str, int] = {}
    for code, pk in (
        DocumentTemplate.objects.filter(region_id__in=codes, kind=kind)
        .order_by("number")
        .values_list("region_id", "pk")
    ):
        latest[code] = pk
    for code in codes:
        if code in latest:
            template = DocumentTemplate.objects.get(pk=latest[code])
            return bytes(template.content), template.number
    return default_template(kind), None


def check_template(kind: str, data: bytes) -> list[str]:
    """The placeholders of an uploaded template, or ServiceError saying what is wrong."""
    try:
        doc = render.open_docx(data)
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ServiceError(
            "无法读取该文件，请用 Word 或 WPS 另存为 .docx 格式后上传。", field="file"
        ) from exc
    valid = PLACEHOLDERS[kind]
    found = render.placeholders_in(doc)
    unknown = sorted({name for name, _ in found if name not in valid})
    if unknown:
        listed = "、".join("{{" + name + "}}" for name in valid)
        raise ServiceError(
            "模板中有无法识别的占位符："
            + "、".join("{{" + name + "}}" for name in unknown)
            + f"。可用的占位符有：{listed}。",
            field="file",
        )
    blocks = sorted(
        {
            name
            for name, alone in found
            if name.startswith((TABLE_PREFIX, CHART_PREFIX)) and not alone
        }
    )
    if blocks:
        raise ServiceError(
            "表格和图表占位符须在正文中单独成段："
            + "、".join("{{" + name + "}}" for name in blocks)
            + "。",
            field="file",
        )
    return [name for name, _ in found]


def save_template(
    *, user, region: Region, kind: str, upload, note: str = ""
) -> DocumentTemplate:
    _require_county_admin(user, region)
    kind = kind_of(kind)
    check_upload(
        upload,
        types={"docx": DOCUMENT_TYPES["docx"]},
        max_bytes=TEMPLATE_MAX_BYTES,
        field="file",
        what="模板文件",
        formats="Word 文档（.docx）",
        name_must_match=True,
    )
    data = upload.read()
    names = check_template(kind, data)
    try:
        with transaction.atomic():
            latest = DocumentTemplate.objects.filter(
                region=region, kind=kind
            ).aggregate(n=Max("number"))["n"]
            template = DocumentTemplate.objects.create(
                region=region,
                kind=kind,
                number=(latest or 0) + 1,
                content=data,
                filename=(getattr(upload, "name", "") or "")[:200],
                note=note.strip()[:200],
                uploaded_by=user,
            )
            audit.log(
                user=user,
                action=AuditAction.CREATE,
                obj=template,
                after={
                    "kind": kind.value,
                    "number": template.number,
                    "filename": template.filename,
                    "bytes": len(data),
                    "placeholders": sorted(set(names)),
                },
                note=note.strip()[:200],
            )
    except IntegrityError:
        raise ServiceError("该模板刚被他人更新，请刷新后重新上传。") from None
    return template


def _format(fmt: str) -> str:
    if fmt not in ("docx", "pdf"):
        raise ServiceError("文件格式应为 docx 或 pdf。", field="format")
    return fmt


def draft_document(
    *,
    user,
    kind: str,
    region: Region,
    period: str | Period | None = None,
    plan: InspectionPlan | None = None,
    rnd: Round | None = None,
    fmt: str = "docx",
    day: datetime.date | None = None,
) -> Draft:
    """A draft as .docx or .pdf (the PDF is made from the filled .docx, so both say the same)."""
    kind = kind_of(kind)
    fmt = _format(fmt)
    _require_county_admin(user, region)
    day = day or timezone.localdate()
    params: dict = {"kind": kind.value, "region": region.code, "format": fmt}
    if kind == DocumentKind.WORK_SUMMARY:
        if period is None or period == "":
            raise ServiceError("请填写总结期间。", field="period")
        period = period if isinstance(period, Period) else parse_period(period)
        params["period"] = period.code
        content = summary.build(region, period, day=day)
    elif kind == DocumentKind.INSPECTION_NOTICE:
        if plan is None:
            raise ServiceError("请选择督查计划。", field="plan")
        if plan.region_id != region.code:
            raise ServiceError("该督查计划不属于所选地区。", field="plan")
        params["plan"] = plan.pk
        content = inspection.build(plan, day=day)
    else:
        if rnd is None:
            raise ServiceError("请选择考核轮次。", field="round")
        if rnd.region_id != region.code:
            raise ServiceError("该考核轮次不属于所选地区。", field="round")
        params["round"] = rnd.pk
        content = assessment.build(rnd, day=day)
    template, version = current_template(region, kind)
    data = render.fill(template, content)
    if fmt == "pdf":
        data = render.pdf(data, content.title)
    params["template_version"] = version
    params["date"] = day.isoformat()
    params["missing"] = sorted(
        [n for n, v in content.figures.items() if v is None]
        + [TABLE_PREFIX + n for n, v in content.tables.items() if v is None]
        + [CHART_PREFIX + n for n, v in content.charts.items() if v is None]
    )
    audit.log(
        user=user,
        action=AuditAction.EXPORT,
        note=f"起草{kind.label}：{content.title}（{fmt}）",
        after=params,
        region_id=region.code,
    )
    return Draft(
        filename=f"{content.filename}.{fmt}",
        content_type=PDF_TYPE if fmt == "pdf" else DOCX_TYPE,
        data=data,
        template_version=version,
    )
