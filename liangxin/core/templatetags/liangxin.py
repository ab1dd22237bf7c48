from html import escape as _escape

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def escape(value) -> str:
    """Django's escaping, without its lazy-string wrapper (this file builds whole tables)."""
    return _escape(str(value))


@register.simple_tag
def cell(column, obj):
    text = column.text(obj)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text or "—")
    return text


@register.simple_tag
def table_rows(columns, rows):
    """The body of a list table, built in Python: a template loop with a tag per cell costs
    ~15 template nodes a cell, most of a list page's time."""
    labels = [escape(column.label) for column in columns]
    out = []
    for obj in rows:
        out.append("<tr>")
        for column, label in zip(columns, labels, strict=True):
            out.append(
                f'<td data-label="{label}">{conditional_escape(cell(column, obj))}</td>'
            )
        out.append("</tr>")
    # each cell is escaped above (or built by format_html)
    return mark_safe("".join(out))


@register.simple_tag
def filter_select(field):
    """A list page's filter as a <select> whose options read "label：choice" (built in
    Python: a region or committee filter has hundreds of options)."""
    value = field.value()
    current, in_use = str(value), bool(value)
    label = escape(field.label)
    choices = getattr(field.field, "choices", None)
    if choices is None:  # a yes/no filter: its widget's 是/否, "unknown" meaning 全部
        choices = [
            ("" if choice == "unknown" else choice, text)
            for choice, text in field.field.widget.choices
        ]
        current = {True: "true", False: "false"}.get(value, "")
        in_use = value is not None
    elif hasattr(field.field, "queryset"):  # records: one plain query, no server cursor
        choices = _record_choices(field.field)
    options = [
        f'<option value="{escape(choice)}"{" selected" if str(choice) == current else ""}>'
        f"{label}：{'全部' if choice == '' else escape(text)}</option>"
        for choice, text in choices
    ]
    return mark_safe(  # every text above is escaped
        f'<select name="{escape(field.name)}" id="filter-{escape(field.name)}" '
        f'class="form-select{" border-primary" if in_use else ""}" '
        f'aria-label="{label}">{"".join(options)}</select>'
    )


@register.filter
def filters_in_use(form) -> bool:
    """Whether a filter other than the search box and the ordering is set (a yes/no filter
    set to 否 counts: its value is False, not empty)."""
    return any(
        field.value() not in (None, "", [])
        for field in form
        if field.name not in ("q", "o")
    )


def _record_choices(model_field):
    """A model choice filter's options, as Django's ModelChoiceIterator gives them, but read
    with one ordinary query (the iterator opens a server-side cursor on PostgreSQL: three
    round trips for a few dozen committees)."""
    empty = [] if model_field.empty_label is None else [("", model_field.empty_label)]
    return empty + [
        (model_field.prepare_value(obj), model_field.label_from_instance(obj))
        for obj in model_field.queryset
    ]


@register.simple_tag(takes_context=True)
def sort_url(context, field):
    """Toggle sorting on a column, keeping the other filters."""
    query = context["request"].GET.copy()
    current = query.get("o", "")
    query["o"] = f"-{field}" if current == field else field
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def per_page_url(context, size):
    """The same list with `size` rows a page, from its first page."""
    query = context["request"].GET.copy()
    query["per"] = size
    query.pop("page", None)
    return "?" + query.urlencode()


@register.filter
def day(value):
    """A date as 11月26日 in the current year, 2025年12月25日 otherwise (a bare 12月25日
    read on 30 November looks like next month)."""
    if not value:
        return ""
    from django.utils import timezone

    if value.year == timezone.localdate().year:
        return f"{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def rate(value):
    return "—" if value is None else f"{value}%"


@register.simple_tag(takes_context=True)
def page_url(context, number):
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def device(user_agent):
    """A stored User-Agent as "华为 ELS-AN00 · Android 12 · Chrome 120"."""
    from liangxin.core.devices import describe

    return describe(user_agent or "")


@register.inclusion_tag("core/_transitions.html")
def workflow_history(obj, title="流转记录"):
    """The moves of a workflow record (core.workflow.transition's history rows), oldest first."""
    from liangxin.core.workflow import history

    return {"transitions": list(history(obj)), "title": title}
