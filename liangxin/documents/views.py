"""Pages of the document drafts: choose a document and a period, download .docx or PDF;
download, edit and upload back the county's templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from liangxin.core.exporting import disposition
from liangxin.core.models import Region
from liangxin.core.models.region import RegionLevel
from liangxin.core.services import ServiceError
from liangxin.documents import services
from liangxin.documents.forms import (
    AssessmentNoticeForm,
    InspectionNoticeForm,
    SummaryForm,
    TemplateUploadForm,
)
from liangxin.documents.models import DocumentKind, DocumentTemplate

FORMS = {
    DocumentKind.WORK_SUMMARY: SummaryForm,
    DocumentKind.INSPECTION_NOTICE: InspectionNoticeForm,
    DocumentKind.ASSESSMENT_NOTICE: AssessmentNoticeForm,
}


def _region(request) -> Region:
    """The county the user drafts for: their own region (superusers may name one)."""
    if not services.can_draft(request.user):
        raise Http404("页面不存在或您无权查看。")
    code = (
        request.user.region_id
        or request.POST.get("region")
        or request.GET.get("region")
    )
    regions = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
    region = Region.objects.filter(code=code).first() if code else regions.first()
    if region is None:
        raise Http404("请先为账号设置所属地区。")
    return region


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _index(request, region, *, kind=None, form=None, status=200):
    forms = {
        k: (form if k == kind else form_class(user=request.user))
        for k, form_class in FORMS.items()
    }
    return render(
        request,
        "documents/index.html",
        {
            "title": "公文起草",
            "region": region,
            "cards": [(k, forms[k]) for k in DocumentKind],
        },
        status=status,
    )


@login_required
@require_GET
def index(request):
    return _index(request, _region(request))


@login_required
@require_POST
def draft(request, kind):
    region = _region(request)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise Http404("公文类别不存在。") from None
    form = FORMS[kind](request.POST, user=request.user)
    if not form.is_valid():
        return _index(request, region, kind=kind, form=form, status=400)
    try:
        result = services.draft_document(
            user=request.user,
            kind=kind,
            region=region,
            period=form.cleaned_data.get("period"),
            plan=form.cleaned_data.get("plan"),
            rnd=form.cleaned_data.get("round"),
            fmt=request.POST.get("format", "docx"),
        )
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return _index(request, region, kind=kind, form=form, status=400)
    return attachment(result.data, result.content_type, result.filename)


@login_required
@require_GET
def templates(request):
    region = _region(request)
    versions = {
        kind: list(
            DocumentTemplate.objects.visible_to(request.user)
            .filter(region=region, kind=kind)
            .defer("content")
            .select_related("uploaded_by")
        )
        for kind in DocumentKind
    }
    return render(
        request,
        "documents/templates.html",
        {
            "title": "公文模板",
            "region": region,
            "kinds": [
                (
                    kind,
                    versions[kind],
                    services.PLACEHOLDERS[kind],
                    TemplateUploadForm(),
                )
                for kind in DocumentKind
            ],
        },
    )


@login_required
@require_GET
def template_download(request, kind, number):
    region = _region(request)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise Http404("公文类别不存在。") from None
    if number == 0:
        data = services.default_template(kind)
        name = f"{kind.label}默认模板.docx"
    else:
        template = (
            DocumentTemplate.objects.visible_to(request.user)
            .filter(region=region, kind=kind, number=number)
            .first()
        )
        if template is None:
            raise Http404("模板版本不存在。")
        data = bytes(template.content)
        name = f"{region.name}{kind.label}模板第{number}版.docx"
    return attachment(data, services.DOCX_TYPE, name)


@login_required
@require_POST
def template_upload(request, kind):
    region = _region(request)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise Http404("公文类别不存在。") from None
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("documents:templates")
    try:
        template = services.save_template(
            user=request.user,
            region=region,
            kind=kind,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as exc:
        messages.error(request, f"{kind.label}模板未保存：{exc.message}")
        return redirect("documents:templates")
    messages.success(
        request, f"已保存{kind.label}模板第{template.number}版，之后起草将使用该版本。"
    )
    return redirect("documents:templates")
