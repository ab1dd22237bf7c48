import datetime

from django import forms
from django.utils import timezone

from liangxin.core.forms import SafeForm, SafeModelForm, ScopedModelForm
from liangxin.fieldwork.models import Visit
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ProblemStatus,
    ResearchNote,
    Section,
    WorkPlan,
    WorkPlanProgress,
)
from liangxin.orgs.models import Organization


def own_organizations(user):
    """Every organization the user has been posted to as an instructor (ended ones too, for
    writing up past days; the service checks the date against the period)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return (
        Organization.objects.filter(assignments__instructor__user=user)
        .distinct()
        .order_by("name")
    )


def own_visits(user):
    """The instructor's visits of the last year (a choice list stays short: ~100 a year)."""
    if not user.is_authenticated:
        return Visit.objects.none()
    since = timezone.localdate() - datetime.timedelta(days=366)
    return Visit.objects.filter(instructor__user=user, date__gte=since).select_related(
        "organization"
    )


class OwnWorkForm(ScopedModelForm):
    """An instructor's own record: organizations and visits limited to their own."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "organization" in self.fields:
            self.fields["organization"].queryset = own_organizations(user)
            self.fields["organization"].error_messages["invalid_choice"] = (
                "所选组织不是您派驻的组织。"
            )
            organizations = list(self.fields["organization"].queryset[:2])
            if len(organizations) == 1 and not self.is_bound:
                self.initial.setdefault("organization", organizations[0].pk)
        if "visit" in self.fields:
            self.fields["visit"].queryset = own_visits(user)
            self.fields["visit"].label_from_instance = lambda v: (
                f"{v.date:%Y-%m-%d} {v.organization.name}"
            )
            self.fields["visit"].empty_label = "不关联"
            self.fields["visit"].error_messages["invalid_choice"] = (
                "所选到岗记录不是您本人的记录。"
            )


class HandbookEntryForm(OwnWorkForm):
    class Meta:
        model = HandbookEntry
        fields = ["organization", "section", "date", "title", "content", "visit"]
        widgets = {
            "date": forms.DateInput,
            "content": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["section"].choices = [("", "请选择"), *Section.choices]


class ProblemForm(OwnWorkForm):
    class Meta:
        model = Problem
        fields = [
            "organization",
            "raised_on",
            "raised_by_kind",
            "raised_by_name",
            "category",
            "description",
        ]
        widgets = {
            "raised_on": forms.DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_on"].initial = timezone.localdate()


class WorkPlanForm(OwnWorkForm):
    class Meta:
        model = WorkPlan
        fields = ["organization", "year", "goals", "measures", "milestones"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "milestones": forms.Textarea(
                attrs={"rows": 3, "placeholder": "如：3月底前 完成调研"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk:
            self.fields["organization"].disabled = True
            self.fields["year"].disabled = True


class TransitionForm(SafeForm):
    to = forms.ChoiceField(label="办理为", choices=ProblemStatus.choices)
    note = forms.CharField(label="说明", required=False, max_length=500)
    referred_to = forms.CharField(label="转交部门", required=False, max_length=100)
    resolution = forms.CharField(
        label="办理结果",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ProgressForm(SafeModelForm):
    class Meta:
        model = WorkPlanProgress
        fields = ["date", "percent", "content"]
        widgets = {
            "date": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
            "percent": forms.NumberInput(
                attrs={"min": 0, "max": 100, "class": "form-control"}
            ),
            "content": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }


class ResearchNoteForm(SafeModelForm):
    class Meta:
        model = ResearchNote
        fields = ["date", "topic", "content", "visit"]
        widgets = {
            "date": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
            "topic": forms.TextInput(attrs={"class": "form-control"}),
            "content": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "visit": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = own_visits(user).filter(
            organization_id=plan.organization_id
        )
        self.fields["visit"].empty_label = "不关联"
        self.fields["visit"].label_from_instance = lambda v: f"{v.date:%Y-%m-%d} 到岗"
