"""The one PDF writer: an HTML template rendered by WeasyPrint.

Chinese text uses the Noto CJK fonts installed by the system (fonts-noto-cjk), found through
fontconfig and embedded (subset) in the PDF; templates name them in their CSS.
"""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    # imported here: WeasyPrint loads Pango and fontconfig, which only PDF views need
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
