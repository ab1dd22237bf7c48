from django import forms

from liangxin.core.forms import SafeForm, ScopedModelForm
from liangxin.inspections.models import Inspection, Rating


class InspectionForm(ScopedModelForm):
    private_note = forms.CharField(
        label="内部备注（仅检查人员可见）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Inspection
        fields = [
            "kind",
            "date",
            "inspectors",
            "instructor",
            "organization",
            "on_duty",
            "contact_masses",
            "problem_solving",
            "handbook_records",
            "issues",
            "result",
            "follow_up",
        ]
        widgets = {
            "date": forms.DateInput,
            "issues": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RATINGS:  # a rating starts as 未评, never as a grade
            self.fields[name].choices = [("", "未评"), *Rating.choices]


RATINGS = ("on_duty", "contact_masses", "problem_solving", "handbook_records")


class RectificationForm(SafeForm):
    description = forms.CharField(label="整改事项", max_length=1000)
    owner = forms.CharField(label="责任人", max_length=50)
    due_on = forms.DateField(label="整改期限")
