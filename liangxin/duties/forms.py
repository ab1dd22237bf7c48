from django import forms

from liangxin.core.forms import SafeForm, ScopedModelForm
from liangxin.duties.models import Decision, Grade, MatterRequest, Notice, TrainingEvent
from liangxin.orgs.models import Organization


class MatterRequestForm(ScopedModelForm):
    """The instructor's request; organizations limited to their current postings."""

    class Meta:
        model = MatterRequest
        fields = ["organization", "subject", "content", "urgency", "planned_on"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6}),
            "planned_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["organization"]
        field.queryset = (
            Organization.objects.filter(
                assignments__instructor__user=user,
                assignments__ended_on__isnull=True,
            )
            .distinct()
            .order_by("name")
            if user.is_authenticated
            else Organization.objects.none()
        )
        field.error_messages["invalid_choice"] = "所选组织不是您当前派驻的组织。"
        self.fields["planned_on"].required = True
        self.fields["planned_on"].error_messages["required"] = (
            "请填写事项拟实施日期（请示应在事项实施之前提出）。"
        )
        if self.instance.pk:
            field.disabled = True


class AttachmentForm(SafeForm):
    file = forms.FileField(
        label="附件（PDF、Word、Excel、JPEG、PNG，≤10 MB）",
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class ReplyForm(SafeForm):
    decision = forms.ChoiceField(
        label="批复意见", choices=Decision.choices, widget=forms.RadioSelect
    )
    reply = forms.CharField(
        label="批复内容",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(SafeForm):
    summary = forms.CharField(
        label="汇报内容",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DutyReportForm(SafeForm):
    content = forms.CharField(
        label="述职内容",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RatingForm(SafeForm):
    grade = forms.ChoiceField(
        label="评议等次", choices=Grade.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="评议意见（评为“差”时必填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class TrainingForm(ScopedModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["title", "kind", "date", "hours", "location", "plan", "materials"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "plan": forms.Textarea(attrs={"rows": 4}),
            "materials": forms.Textarea(attrs={"rows": 4}),
        }


class LeaveForm(SafeForm):
    start = forms.DateField(
        label="开始日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    end = forms.DateField(
        label="结束日期",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    reason = forms.CharField(
        label="请假事由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    late_reason = forms.CharField(
        label="补批理由",
        max_length=500,
        required=False,
        help_text="请假应事前申请；开始日期已到或已过的，须说明未能事前请假的原因，按补批办理。",
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class NoticeForm(ScopedModelForm):
    class Meta:
        model = Notice
        fields = ["kind", "title", "body", "instructors"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            # chosen by typing names (a searchable select, static/js/select-search.js)
            "instructors": forms.SelectMultiple(attrs={"size": 8, "data-search": ""}),
        }
