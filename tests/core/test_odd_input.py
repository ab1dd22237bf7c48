"""One validator refuses invisible names and bidi overrides, one refuses absurd dates; every
form and input serializer uses them (issue 11, item 10)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liangxin.core.validators import validate_clean_text, validate_sane_date
from liangxin.duties.forms import TrainingForm
from liangxin.duties.models import TrainingEvent


@pytest.mark.parametrize(
    "value",
    ["\u200b\u200b", "\u200c\u200d\ufeff", " \u2060 ", "\u00ad"],
)
def test_a_name_made_only_of_invisible_characters_is_refused(value):
    with pytest.raises(ValidationError, match="不可见字符"):
        validate_clean_text(value)


@pytest.mark.parametrize(
    "value", ["张\u202e三", "\u202dabc", "名称\u2066x\u2069", "\u202a左"]
)
def test_text_with_a_bidi_override_is_refused(value):
    with pytest.raises(ValidationError, match="显示方向"):
        validate_clean_text(value)


@pytest.mark.parametrize(
    "value", ["张建国", "Zhang 建国", "👨‍👩‍👧 家庭", "", "a\u200bb"]
)
def test_ordinary_text_passes(value):
    validate_clean_text(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1, 1, 1),
        datetime.date(9999, 12, 31),
        datetime.date(1899, 12, 31),
        datetime.date(2101, 1, 1),
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    ],
)
def test_an_absurd_date_is_refused(value):
    with pytest.raises(ValidationError, match="日期超出合理范围"):
        validate_sane_date(value)


@pytest.mark.parametrize(
    "value", [datetime.date(1900, 1, 1), datetime.date(2100, 12, 31), None]
)
def test_the_edges_of_the_sane_range_pass(value):
    validate_sane_date(value)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "\u200b\u200b\u200b", "不可见字符"),
        ("title", "培训\u202e班", "显示方向"),
        ("date", "0001-01-01", "日期超出合理范围"),
        ("date", "9999-12-31", "日期超出合理范围"),
    ],
)
def test_every_form_refuses_odd_input_in_chinese(world, field, value, message):
    data = {
        "title": "党务知识培训班",
        "kind": "class",
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        field: value,
    }
    form = TrainingForm(data=data, user=world.users.county)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_api_refuses_an_invisible_title(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users.county)
    response = client.post(
        "/api/trainings/",
        {
            "title": "\u200b\u200b",
            "kind": "class",
            "date": timezone.localdate().isoformat(),
            "hours": "2",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "不可见字符" in " ".join(response.json()["title"])
    assert not TrainingEvent.objects.exists()
