from decimal import Decimal

from django import forms

from liangxin.assessment.models import DimensionCode, Round, Scheme, SchemeIndicator
from liangxin.core.forms import SafeForm, SafeModelForm, ScopedModelForm
from liangxin.core.models import Role

_TEXT = {"class": "form-control"}


class RoundForm(ScopedModelForm):
    class Meta:
        model = Round
        fields = ["scheme", "name", "period_start", "period_end", "appeal_days"]
        widgets = {"period_start": forms.DateInput, "period_end": forms.DateInput}


class SeedSchemeForm(SafeForm):
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=_TEXT),
    )
    name = forms.CharField(
        label="方案名称",
        max_length=100,
        initial="党建工作指导员年度考核方案",
        widget=forms.TextInput(attrs=_TEXT),
    )


class DimensionPointsForm(SafeForm):
    """The five dimensions' points on one form (they must sum to 100)."""

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        current = {d.code: d.points for d in scheme.dimensions.all()}
        for code, label in DimensionCode.choices:
            self.fields[code] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=current.get(code),
                widget=forms.NumberInput(attrs=_TEXT),
            )


class IndicatorForm(SafeModelForm):
    """Scheme rows carry no version of their own: a scheme is edited before any round uses it."""

    rater_roles = forms.MultipleChoiceField(
        label="评分角色",
        required=False,
        choices=[
            (Role.COUNTY_ADMIN, Role.COUNTY_ADMIN.label),
            (Role.COMMITTEE_STAFF, Role.COMMITTEE_STAFF.label),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SchemeIndicator
        fields = [
            "dimension",
            "name",
            "max_points",
            "kind",
            "rater_roles",
            "indicator_name",
            "rule_kind",
            "target",
            "thresholds",
            "per_occurrence",
            "floor",
            "cap",
            "description",
            "order",
        ]

    def __init__(self, *args, scheme: Scheme, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from liangxin.core import indicators

        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control")

        self.fields["dimension"].queryset = scheme.dimensions.all()
        self.fields["indicator_name"] = forms.ChoiceField(
            label="数据指标",
            required=False,
            choices=[("", "（人工评分不填）")]
            + [(i.name, f"{i.label}（{i.name}）") for i in indicators.all_indicators()],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["rater_roles"].widget.attrs.pop("class", None)
        self.instance.scheme = scheme


class RescoreForm(SafeForm):
    points = forms.DecimalField(
        label="新得分",
        decimal_places=2,
        max_digits=5,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
    )
    reason = forms.CharField(
        label="调整理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )


class AppealForm(SafeForm):
    reason = forms.CharField(
        label="申诉理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )


class AllowancePolicyForm(ScopedModelForm):
    class Meta:
        from liangxin.assessment.models import AllowancePolicy

        model = AllowancePolicy
        fields = [
            "year",
            "monthly_amount",
            "short_month_deduction",
            "excellent_coefficient",
            "competent_coefficient",
            "basic_coefficient",
            "unqualified_coefficient",
            "excused_leave",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.instance.pk:
            self.instance.region_id = user.region_id


class PayoutSheetForm(ScopedModelForm):
    class Meta:
        from liangxin.assessment.models import PayoutSheet

        model = PayoutSheet
        fields = ["policy", "round", "title", "period_start", "period_end"]
        widgets = {"period_start": forms.DateInput, "period_end": forms.DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from liangxin.assessment.models import RoundStatus

        self.fields["round"].queryset = self.fields["round"].queryset.filter(
            status__in=[RoundStatus.PUBLISHED, RoundStatus.LOCKED]
        )
        self.fields["round"].empty_label = "不按考核等次（系数 1）"


class SchemeRulesForm(SafeForm):
    """Grade thresholds and the 优秀 quota, entered as a percentage."""

    excellent_min = forms.DecimalField(
        label="优秀最低分",
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.5"}),
    )
    competent_min = forms.DecimalField(
        label="称职最低分",
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.5"}),
    )
    basic_min = forms.DecimalField(
        label="基本称职最低分",
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "0.5"}),
    )
    quota_percent = forms.IntegerField(
        label="优秀比例上限（%）",
        help_text="整数百分比；按参加考核人数计算，向下取整。",
        widget=forms.NumberInput(attrs=_TEXT),
    )
    tie_break_order = forms.CharField(
        label="同分比较顺序",
        max_length=30,
        required=False,
        help_text="总分相同时依次比较的维度小计，如“绩、勤、能、德、廉”；"
        "仍完全相同的由县级在考核页面决定。",
        widget=forms.TextInput(attrs=_TEXT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scheme: Scheme, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "tie_break_order": scheme.tie_break_labels,
                "excellent_min": scheme.excellent_min,
                "competent_min": scheme.competent_min,
                "basic_min": scheme.basic_min,
                "quota_percent": int(scheme.excellent_quota * 100),
                "version": scheme.version,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        from liangxin.assessment.services.scheme_rules import (
            parse_tie_break,
            rules_problems,
        )
        from liangxin.core.services import ServiceError

        data = super().clean()
        if self.errors:
            return data
        data["excellent_quota"] = (Decimal(data["quota_percent"]) / 100).quantize(
            Decimal("0.01")
        )
        if data.get("tie_break_order"):
            try:
                data["tie_break_order"] = parse_tie_break(data["tie_break_order"])
            except ServiceError as exc:
                self.add_error("tie_break_order", exc.message)
        else:
            data["tie_break_order"] = None  # unchanged
        for field, message in rules_problems(
            excellent_min=data["excellent_min"],
            competent_min=data["competent_min"],
            basic_min=data["basic_min"],
            excellent_quota=data["excellent_quota"],
        ):
            self.add_error(
                "quota_percent" if field == "excellent_quota" else field, message
            )
        return data


class VetoForm(SafeForm):
    name = forms.CharField(
        label="否决事项",
        max_length=200,
        error_messages={"required": "请填写否决事项。"},
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    grade = forms.ChoiceField(
        label="认定等次",
        choices=[("unqualified", "不称职"), ("basic", "基本称职")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
