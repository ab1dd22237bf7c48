"""The coverage page's organization rows as HTML, built in Python (as the generic table's
rows are): fifty rows of badges and links were most of the page's time as template nodes."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from liangxin.core.escaping import escape
from liangxin.orgs.models import CoverageMode

register = template.Library()


@register.simple_tag
def coverage_rows(organizations, can_assign=False):
    """One <tr> per organization: those without an instructor in red, with a link to post one
    for those who may (an auditor sees 未派驻, not a button that answers 403)."""
    assign = escape(reverse("roster:assign"))
    out = []
    for o in organizations:
        badges = "".join(
            f'<span class="badge text-bg-warning">{escape(c)}</span>'
            for c in o.categories
        )
        if badges:
            badges = (
                '<span class="d-inline-flex flex-wrap gap-1 mt-1 mt-md-0 ms-md-1">'
                f"{badges}</span>"
            )
        mode = (
            CoverageMode(o.coverage_mode).label
            if o.coverage_mode != CoverageMode.NONE
            else f'<span class="text-danger">{CoverageMode.NONE.label}</span>'
        )
        if o.has_instructor:
            instructor = "已派驻"
        elif can_assign:
            instructor = (
                '<span class="visually-hidden">未派驻，</span><a class="btn btn-sm '
                f'btn-danger" href="{assign}?organization={o.pk}">去派驻</a>'
            )
        else:
            instructor = '<span class="text-danger">未派驻</span>'

        committee = escape(o.committee.name) if o.committee_id else ""
        row = "<tr>" if o.has_instructor else '<tr class="table-danger">'
        out.append(
            f"{row}"
            f'<td class="text-wrap"><a href="{escape(o.get_absolute_url())}">'
            f"{escape(o.name)}</a>{badges}</td>"
            f'<td class="d-none d-md-table-cell">{committee}</td>'
            f"<td>{mode}</td><td>{instructor}</td></tr>"
        )
    if not out:
        return mark_safe(
            '<tr><td colspan="4" class="text-muted text-center py-4">没有符合条件的组织</td></tr>'
        )
    return mark_safe("".join(out))  # every value is escaped above
