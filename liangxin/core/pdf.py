"""The one PDF writer: an HTML template rendered by WeasyPrint.

Chinese text uses the Noto CJK fonts installed by the system (fonts-noto-cjk), found through
fontconfig and embedded (subset) in the PDF; templates name them in their CSS.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from liangxin.core import audit
from liangxin.core.exporting import disposition
from liangxin.core.models import AuditAction


def render_pdf(template_name: str, context: dict) -> bytes:
    # imported here: WeasyPrint loads Pango and fontconfig, which only PDF views need
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(
    template_name: str,
    context: dict | Callable[[], dict],
    *,
    user,
    filename: str,
    note: str,
    obj=None,
    request=None,
) -> HttpResponse:
    """The one PDF download: rendered, named in Chinese (RFC 6266 filename*), shown inline,
    and the export audited.

    Given the request, the PDF is made by a background job when there are workers
    (REDIS_URL): the user is sent to the job's progress page and notified with the file. A
    context given as a callable is then not computed in the request at all. Without workers
    (the embedded default) it is rendered here, as always."""
    if not filename.endswith(".pdf"):
        filename += ".pdf"
    if request is not None:
        from liangxin.jobs import services as jobs

        if jobs.should_offload_pdf(request):
            return jobs.offload(request, title=f"{filename[:-4]}（PDF）")
    pdf = render_pdf(template_name, context() if callable(context) else context)
    audit.log(user=user, action=AuditAction.EXPORT, obj=obj, note=note)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = disposition(filename, inline=True)
    return response
