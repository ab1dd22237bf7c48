"""The worklist's entries as HTML, built in Python (as the generic table's rows are): fifty
instructors with up to eight warnings each are too many template nodes for what they are."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from liangxin.core.escaping import escape

register = template.Library()

SHOWN = 8  # warnings listed under an instructor; the rest are on the instructor's page
BADGE = {3: "text-bg-danger", 2: "text-bg-warning"}


def _href(flag) -> str:
    return escape(flag.url or "#")


@register.simple_tag
def ranked_items(ranked):
    """One <li> per instructor, heaviest first, with their warnings as evidence."""
    if not ranked:
        return mark_safe(
            '<li class="list-group-item text-muted">暂无需要处理的预警。</li>'
        )
    out = []
    for entry in ranked:
        page = escape(reverse("roster:instructor_detail", args=[entry.instructor_id]))
        out.append(
            '<li class="list-group-item"><div class="d-flex justify-content-between gap-2">'
            f'<a class="fw-bold" href="{page}">{escape(entry.instructor_name)}</a>'
            f'<span class="badge text-bg-danger" title="预警分值">{entry.score} 分</span>'
            '</div><ul class="small mb-0 ps-3">'
        )
        out.extend(
            f'<li><a href="{_href(flag)}">{escape(flag.label)}</a>：{escape(flag.detail)}</li>'
            for flag in entry.flags[:SHOWN]
        )
        if len(entry.flags) > SHOWN:
            out.append(
                f'<li class="list-unstyled text-muted">另有 {len(entry.flags) - SHOWN} 条，'
                f'见<a href="{page}">指导员页面</a></li>'
            )
        out.append("</ul></li>")
    return mark_safe("".join(out))  # every text above is escaped


@register.simple_tag
def flag_items(flags):
    """One link per warning, with its instructor, kind and evidence."""
    if not flags:
        return mark_safe(
            '<div class="list-group-item text-muted">暂无需要处理的预警。</div>'
        )
    return mark_safe(  # every text below is escaped
        "".join(
            f'<a class="list-group-item list-group-item-action" href="{_href(flag)}">'
            '<div class="d-flex justify-content-between gap-2">'
            f"<strong>{escape(flag.instructor_name or '—')}</strong>"
            f'<span class="badge {BADGE.get(min(flag.severity, 3), "text-bg-secondary")}">'
            f"{escape(flag.label)}</span></div>"
            f'<div class="small">{escape(flag.detail)}</div></a>'
            for flag in flags
        )
    )
