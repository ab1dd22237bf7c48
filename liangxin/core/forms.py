from django import forms

from liangxin.core.scoping import ScopedQuerySet


def optional_int(value) -> int | None:
    """A record version (or other optional number) sent by a form or an API client."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ScopedModelForm(forms.ModelForm):
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
                field.empty_label = "请选择"
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


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv", "class": "form-control"}
        ),
    )
