from django import forms
from django.utils import timezone

from liangxin.core.forms import SafeForm, ScopedModelForm
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor


class InstructorForm(ScopedModelForm):
    class Meta:
        model = Instructor
        fields = [
            "name",
            "gender",
            "birth_date",
            "phone",
            "party_since",
            "source",
            "unit",
            "post",
            "committee",
            "is_full_time",
            "status",
            "appointed_on",
        ]
        widgets = {
            "birth_date": forms.DateInput,
            "party_since": forms.DateInput,
            "appointed_on": forms.DateInput,
        }


class DispatchingUnitForm(ScopedModelForm):
    class Meta:
        model = DispatchingUnit
        fields = ["name", "contact_person", "contact_phone"]


class AssignmentForm(ScopedModelForm):
    """Assign (or, with `reassign`, replace) the instructor of an organization."""

    reason = forms.CharField(
        label="说明", required=False, max_length=200, help_text="调整派驻时填写原因"
    )

    class Meta:
        model = Assignment
        fields = ["organization", "instructor", "started_on"]
        widgets = {"started_on": forms.DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = self.fields["instructor"].queryset.active()
        self.fields["organization"].queryset = self.fields[
            "organization"
        ].queryset.active()
        self.fields["started_on"].initial = timezone.localdate()
        self.fields["reason"].widget.attrs["class"] = "form-control"


class EndAssignmentForm(SafeForm):
    ended_on = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    end_reason = forms.CharField(
        label="结束原因",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
