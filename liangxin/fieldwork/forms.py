import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from liangxin.core.forms import SafeForm
from liangxin.core.models import Policy
from liangxin.core.workcalendar import parse_month
from liangxin.fieldwork.models import Activity
from liangxin.orgs.models import Organization


def checkin_organizations(user):
    """The organizations the instructor is assigned to now, or was until recently enough that
    a late entry is still possible (the service checks the date against the period)."""
    instructor = (
        getattr(user, "instructor_profile", None) if user.is_authenticated else None
    )
    if instructor is None:
        return Organization.objects.none()
    today = timezone.localdate()
    window = Policy.for_region_year(instructor.region_id, today.year).late_entry_days
    return (
        Organization.objects.filter(
            Q(assignments__ended_on__isnull=True)
            | Q(assignments__ended_on__gte=today - datetime.timedelta(days=window)),
            assignments__instructor=instructor,
        )
        .distinct()
        .order_by("name")
    )


class PlaceSelect(forms.Select):
    """Organization options carrying their coordinates, so the phone can preselect the
    one it stands at (static/js/geolocation.js)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        place = getattr(value, "instance", None)
        if place is not None and place.latitude is not None:
            option["attrs"]["data-lat"] = str(place.latitude)
            option["attrs"]["data-lon"] = str(place.longitude)
        return option


class VisitForm(SafeForm):
    """The instructor's check-in (today, on site) or late entry (an earlier day)."""

    organization = forms.ModelChoiceField(
        label="两新组织",
        queryset=Organization.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": "所选组织不是您派驻的组织。",
            "required": "请选择所在的组织。",
        },
        widget=PlaceSelect(attrs={"class": "form-select form-select-lg"}),
    )
    date = forms.DateField(
        label="到岗日期",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )
    activities = forms.MultipleChoiceField(
        label="工作内容",
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一项工作内容。"},
    )
    summary = forms.CharField(
        label="工作情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "class": "form-control",
                "placeholder": "简要记录做了什么（可选）",
            }
        ),
    )
    photo = forms.FileField(
        label="现场照片",
        required=False,
        help_text="可选；JPEG、PNG 或 WebP，不超过 5 MB",
        widget=forms.FileInput(
            attrs={
                "accept": "image/*",
                "capture": "environment",
                "class": "form-control",
            }
        ),
    )
    latitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0)
    idempotency_key = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = checkin_organizations(user)
        self.fields["organization"].queryset = organizations
        if organizations.count() > 1:
            # no silent default: the phone preselects the nearest, or the person chooses
            self.fields["organization"].empty_label = "请选择所在的组织"
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    @property
    def is_on_site(self) -> bool:
        return self.cleaned_data.get("date") == timezone.localdate()


class DisputeForm(SafeForm):
    reason = forms.CharField(
        label="异议理由",
        max_length=500,
        error_messages={"required": "请填写异议理由。"},
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MonthForm(SafeForm):
    month = forms.CharField(required=False)

    def month_value(self) -> tuple[int, int]:
        """(year, month) from ?month=YYYY-MM, else the current month."""
        try:
            return parse_month(self.data.get("month") or "")
        except ValueError:
            today = timezone.localdate()
            return today.year, today.month
