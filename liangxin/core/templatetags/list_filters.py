"""A list page's filter form as HTML, built in Python (as the table's rows are): the search
box, the other filters (folded away on phones), and the ordering. Every text is escaped."""

from django import template
from django.forms import HiddenInput
from django.utils.safestring import mark_safe

from liangxin.core.escaping import escape

register = template.Library()

SEARCH, ORDERING = "q", "o"


def _errors(field) -> str:
    return "".join(
        f'<div class="text-danger small">{escape(error)}</div>'
        for error in field.errors
    )


@register.simple_tag
def search_field(form):
    """The search box (the filter named `q`), or nothing for a list without one."""
    if SEARCH not in form.fields:
        return ""
    field = form[SEARCH]
    label = field.label or "搜索"
    if field.help_text:
        placeholder = field.help_text
    elif field.label and field.label != "搜索":
        placeholder = field.label
    else:
        placeholder = "输入关键字搜索"
    value = field.value()
    return mark_safe(  # every text is escaped
        '<div class="col-12 col-md-6 col-xl-4">'
        f'<label class="visually-hidden" for="filter-q">{escape(label)}</label>'
        f'<input type="search" id="filter-q" name="q" value="{escape(value or "")}" '
        f'class="form-control" placeholder="{escape(placeholder)}" enterkeyhint="search">'
        f"{_errors(field)}</div>"
    )


@register.simple_tag
def other_filters(form):
    """Every filter but the search box and the ordering: a select, a date, number or text
    box, or a hidden field (a filter the page set, such as the cockpit's region)."""
    out = []
    for field in form:
        if field.name in (SEARCH, ORDERING):
            continue
        widget = field.field.widget
        if field.is_hidden:
            out.append(_hidden(field) if type(widget) is HiddenInput else str(field))
            continue
        if getattr(widget, "input_type", None) == "select":
            control = filter_select(field)
        else:
            if getattr(widget, "format_key", None) == "DATE_INPUT_FORMATS":
                kind = "date"
            elif getattr(widget, "input_type", None) == "number":
                kind = "number"
            else:
                kind = "text"
            value = field.value()
            name = escape(field.name)
            control = (
                f'<div class="input-group"><label class="input-group-text" '
                f'for="filter-{name}">{escape(field.label)}</label><input name="{name}" '
                f'id="filter-{name}" value="{escape("" if value is None else value)}" '
                f'class="form-control" type="{kind}"></div>'
            )
        out.append(
            f'<div class="col-12 col-sm-6 col-md-4 col-xl-3">{control}{_errors(field)}</div>'
        )
    return mark_safe("".join(out))  # every text is escaped, or rendered by Django


def _hidden(field) -> str:
    value = field.field.widget.format_value(field.value())
    shown = "" if value is None else f' value="{escape(value)}"'
    name = escape(field.html_name)
    return f'<input type="hidden" name="{name}"{shown} id="{escape(field.auto_id)}">'


@register.simple_tag
def ordering_select(form, current):
    """The ordering (the filter named `o`): 排序：<column>, or its empty choice."""
    if ORDERING not in form.fields:
        return ""
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if value == current else ""}>'
        f"{'排序：' if value else ''}{escape(label)}</option>"
        for value, label in form.fields[ORDERING].choices
    )
    return mark_safe(  # every text is escaped
        f'<select name="o" id="filter-o" class="form-select" aria-label="排序">{options}'
        "</select>"
    )


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
