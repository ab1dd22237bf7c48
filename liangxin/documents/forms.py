from django import forms
from django.utils import timezone

from liangxin.assessment.models import Round
from liangxin.assessment.models.round import VISIBLE_TO_ASSESSED
from liangxin.core.forms import SafeForm
from liangxin.inspections.models import InspectionPlan

_SELECT = {"class": "form-select"}


def period_choices(today=None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    choices = []
    for year in range(today.year, today.year - 4, -1):
        choices += [
            (str(year), f"{year}年全年"),
            (f"{year}-H1", f"{year}年上半年"),
            (f"{year}-H2", f"{year}年下半年"),
        ]
    return choices


class SummaryForm(SafeForm):
    period = forms.ChoiceField(label="总结期间", widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()


class InspectionNoticeForm(SafeForm):
    plan = forms.ModelChoiceField(
        label="督查计划",
        queryset=InspectionPlan.objects.none(),
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": "请选择督查计划。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user)


class AssessmentNoticeForm(SafeForm):
    round = forms.ModelChoiceField(
        label="考核轮次（已公布）",
        queryset=Round.objects.none(),
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": "请选择已公布的考核轮次。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).filter(
            status__in=VISIBLE_TO_ASSESSED
        )


class TemplateUploadForm(SafeForm):
    file = forms.FileField(
        label="修改后的模板（.docx）",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".docx"}
        ),
    )
    note = forms.CharField(
        label="修改说明",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
