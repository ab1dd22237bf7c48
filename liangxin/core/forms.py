from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models.fields import BLANK_CHOICE_DASH

from liangxin.core.scoping import ScopedQuerySet
from liangxin.core.validators import (
    DATE_MAX,
    DATE_MIN,
    validate_clean_text,
    validate_sane_date,
)

#: the range of a 64-bit database integer: larger numbers are refused, not sent to the database
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def optional_int(value, *, low: int = -(2**63), high: int = 2**63 - 1) -> int | None:
    """A record version, id or other optional number sent by a form, a query string or an
    API client; None when it is not a whole number within [low, high] (by default what a
    64-bit database integer holds), so it never reaches the database or date arithmetic."""
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def optional_year(value) -> int | None:
    """A year sent in a query string: None unless within the dates the system accepts."""
    return optional_int(value, low=DATE_MIN.year, high=DATE_MAX.year)


#: the one empty choice of every select (Django's default is "---------")
EMPTY_LABEL = "请选择"


def _placeholder(field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_CHOICE_DASH[0][1]:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if (
            "",
            BLANK_CHOICE_DASH[0][1],
        ) in choices:
            field.choices = [
                (value, EMPTY_LABEL if value == "" else label)
                for value, label in choices
            ]


def harden_fields(fields) -> None:
    """The shared input rules of every form: dates in a sane range, text without bidi
    overrides or only-invisible content, integers that fit the database; and one empty
    choice text, 请选择, in every select."""
    for field in fields.values():
        _placeholder(field)
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(validate_sane_date)
        elif isinstance(field, forms.IntegerField):
            if field.max_value is None:
                field.validators.append(MaxValueValidator(INT_MAX))
            if field.min_value is None:
                field.validators.append(MinValueValidator(INT_MIN))
        elif isinstance(field, forms.CharField):
            field.validators.append(validate_clean_text)


class SafeForm(forms.Form):
    """Base of every plain form: the shared input rules (harden_fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden_fields(self.fields)


class SafeModelForm(forms.ModelForm):
    """Base of every model form: the shared input rules (harden_fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden_fields(self.fields)


class _SearchKeys:
    """Options carry the record's pinyin search key (`search_text`: 张建国 zhangjianguo zjg)
    in data-keys, so that a searchable select finds people and organizations by
    pinyin or initials too (static/js/select-search.js searches "keys")."""

    def create_option(
        self, name, value, label, selected, index, subindex=None, attrs=None
    ):
        option = super().create_option(
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        key = getattr(getattr(value, "instance", None), "search_text", "")
        if key:
            option["attrs"]["data-keys"] = (
                key  # tom-select reads data-* into the option
            )
        return option


class SearchKeySelect(_SearchKeys, forms.Select):
    pass


class SearchKeySelectMultiple(_SearchKeys, forms.SelectMultiple):
    pass


def _with_search_keys(field) -> None:
    model = field.queryset.model
    if not any(f.name == "search_text" for f in model._meta.get_fields()):
        return
    widget = field.widget
    if type(widget) is forms.Select:
        field.widget = SearchKeySelect(attrs=widget.attrs)
    elif type(widget) is forms.SelectMultiple:
        field.widget = SearchKeySelectMultiple(attrs=widget.attrs)
    else:
        return
    field.widget.choices = field.choices
    field.widget.is_required = widget.is_required


class ScopedModelForm(SafeModelForm):
    """A model form whose choices only offer records the user may see.

    Editing forms carry the record's version so that a concurrent edit is refused, not lost.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if isinstance(qs, ScopedQuerySet):
                field.queryset = qs.visible_to(user)
                field.error_messages["invalid_choice"] = (
                    f"所选{field.label}不存在或不在您的管辖范围内。"
                )
                _with_search_keys(field)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


class ImportUploadForm(SafeForm):
    file = forms.FileField(
        label="选择文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv", "class": "form-control"}
        ),
    )
