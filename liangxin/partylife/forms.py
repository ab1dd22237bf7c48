from django import forms

from liangxin.core.forms import SafeForm, ScopedModelForm
from liangxin.partylife.models import (
    Candidate,
    Election,
    Meeting,
    MeetingKind,
    ProcedureRun,
    ServiceActivity,
    ServiceTheme,
)


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "party_organization",
            "kind",
            "date",
            "topic",
            "expected_count",
            "present_count",
            "attendees",
            "instructor_attended",
            "minutes",
            "photo",
            "excellent_count",
            "qualified_count",
            "basic_count",
            "unqualified_count",
        ]
        widgets = {
            "date": forms.DateInput,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }


class ElectionForm(ScopedModelForm):
    class Meta:
        model = Election
        fields = [
            "party_organization",
            "request_on",
            "approval_on",
            "seats",
            "candidates",
            "entitled_count",
            "excluded_note",
            "present_count",
            "held_on",
            "result",
            "new_term_years",
            "report_on",
        ]
        widgets = {
            f: forms.DateInput
            for f in ("request_on", "approval_on", "held_on", "report_on")
        } | {"result": forms.Textarea(attrs={"rows": 3})}


class CandidateForm(ScopedModelForm):
    class Meta:
        model = Candidate
        fields = ["party_organization", "name", "birth_date", "note"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = True
        self.fields["birth_date"].error_messages["required"] = (
            "请填写出生日期：递交入党申请书时须年满十八岁。"
        )


class StepForm(SafeForm):
    number = forms.IntegerField(label="步骤", min_value=1, widget=forms.HiddenInput)
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    publicity_started_on = forms.DateField(
        label="公示开始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ExtensionForm(SafeForm):
    months = forms.IntegerField(
        label="延期（月）",
        min_value=1,
        max_value=12,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    approved_on = forms.DateField(
        label="批准日期",
        # an <input type=date> takes only ISO dates: the locale's 2026/11/30 left it blank
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )
    approved_by = forms.CharField(
        label="批准机关",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        label="延期原因",
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ServiceActivityForm(ScopedModelForm):
    class Meta:
        model = ServiceActivity
        fields = [
            "organization",
            "date",
            "title",
            "description",
            "participants",
            "beneficiaries",
            "themes",
        ]
        widgets = {
            "date": forms.DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["themes"].queryset = ServiceTheme.objects.visible_to(user).filter(
            active=True
        )
        self.fields["themes"].widget.attrs.pop("class", None)


class ServiceThemeForm(ScopedModelForm):
    class Meta:
        model = ServiceTheme
        fields = ["name", "active"]


class ProcedureRunForm(ScopedModelForm):
    """Start a procedure (the party organization and kind are fixed once started)."""

    class Meta:
        model = ProcedureRun
        fields = [
            "party_organization",
            "kind",
            "topic",
            "planned_on",
            "seats",
            "secretary_posts",
            "method",
            "election",
            "meeting",
            "problems",
            "rectification",
        ]
        widgets = {
            "planned_on": forms.DateInput,
            "problems": forms.Textarea(attrs={"rows": 3}),
            "rectification": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["meeting"].queryset = (
            self.fields["meeting"]
            .queryset.filter(kind=MeetingKind.LIFE)
            .select_related("party_organization")
        )
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.party_organization.name} {m.date:%Y-%m-%d} {m.topic}"
        )
        self.fields["election"].queryset = self.fields[
            "election"
        ].queryset.select_related("party_organization")
        self.fields[
            "election"
        ].help_text = "换届选举时选择；留空则自动关联该党组织最近的换届选举记录"
        self.fields[
            "meeting"
        ].help_text = "组织生活会时选择已登记的会议，报告中的日期、到会人数取自该记录"
        if self.instance.pk:
            del self.fields["party_organization"], self.fields["kind"]


class ProcedureStepForm(SafeForm):
    number = forms.IntegerField(label="步骤", min_value=1, widget=forms.HiddenInput)
    date = forms.DateField(
        label="完成日期",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )
    done_by = forms.CharField(
        label="经办人",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
