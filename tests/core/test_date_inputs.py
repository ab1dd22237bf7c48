"""A browser's <input type="date"> shows only ISO dates: every date field renders its value as
2026-11-30 under the zh-hans locale (Django's own zh-Hans input format is 2026/11/30, which
left the field empty on the page), and both forms are still accepted."""

import datetime

from django import forms
from django.utils import translation

from liangxin.partylife.forms import StepForm

DAY = datetime.date(2026, 11, 30)


def test_a_date_input_renders_its_value_as_an_iso_date():
    with translation.override("zh-hans"):
        form = StepForm(initial={"number": 1, "date": DAY})
        assert 'value="2026-11-30"' in str(form["date"])


def test_a_date_field_accepts_iso_and_slashes():
    with translation.override("zh-hans"):
        field = forms.DateField()
        assert field.clean("2026-11-30") == DAY
        assert field.clean("2026/11/30") == DAY
