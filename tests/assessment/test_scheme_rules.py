"""A county edits its scheme's grade thresholds, 优秀 quota and veto items on pages —
only while no round using the scheme has left draft; validated in Chinese; audited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from liangxin.assessment.models import Scheme, VetoItem
from liangxin.assessment.services import rounds as round_services
from liangxin.assessment.services import scheme_rules as schemes
from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError

RULES = {
    "excellent_min": "92",
    "competent_min": "78",
    "basic_min": "60",
    "quota_percent": "15",
}


def _rules_url(scheme):
    return reverse("assessment:scheme_rules", args=[scheme.pk])


def test_the_county_changes_thresholds_and_quota_on_the_page(world, login, scheme):
    client = login(world.users.county)
    assert client.get(_rules_url(scheme)).status_code == 200
    response = client.post(_rules_url(scheme), {**RULES, "version": scheme.version})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.excellent_min, scheme.competent_min, scheme.excellent_quota) == (
        Decimal(92),
        Decimal(78),
        Decimal("0.15"),
    )
    entry = AuditLog.objects.filter(note="调整等次分数线和优秀比例").get()
    assert (
        entry.before["excellent_min"] == "90.00"
        and entry.after["excellent_quota"] == "0.15"
    )
    assert "优秀 ≥ 92" in client.get(scheme.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "change,message",
    [
        ({"competent_min": "95"}, "优秀 &gt; 称职 &gt; 基本称职"),
        ({"excellent_min": "120"}, "优秀最低分应在 0 到 100 分之间"),
        ({"quota_percent": "150"}, "优秀比例应在 0% 到 100% 之间"),
        ({"basic_min": ""}, "该字段是必填项"),
    ],
)
def test_invalid_rules_are_refused_in_chinese_and_change_nothing(
    world, login, scheme, change, message
):
    response = login(world.users.county).post(_rules_url(scheme), {**RULES, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).excellent_min == Decimal(90)


def test_rules_cannot_change_once_a_round_using_the_scheme_has_started(
    world, login, scoring_round
):
    scheme = scoring_round.scheme
    response = login(world.users.county).post(_rules_url(scheme), RULES)
    assert "不能修改" in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).excellent_quota == Decimal("0.20")
    response = login(world.users.county).post(
        reverse("assessment:veto_create", args=[scheme.pk]),
        {"name": "新事项", "grade": "basic"},
    )
    assert "不能修改" in response.content.decode()
    assert scheme.vetoes.count() == 1


def test_rules_may_change_while_the_round_is_a_draft(world, scheme, draft):
    schemes.update_rules(
        user=world.users.county,
        scheme=scheme,
        excellent_min=Decimal(91),
        competent_min=Decimal(75),
        basic_min=Decimal(60),
        excellent_quota=Decimal("0.1"),
    )
    assert Scheme.objects.get(pk=scheme.pk).excellent_min == Decimal(91)


def test_a_stale_form_is_refused_as_a_conflict(world, login, scheme):
    response = login(world.users.county).post(
        _rules_url(scheme), {**RULES, "version": scheme.version - 1}
    )
    assert "已被他人修改" in response.content.decode()


def test_the_county_adds_changes_and_deletes_veto_items(world, login, scheme):
    client = login(world.users.county)
    response = client.post(
        reverse("assessment:veto_create", args=[scheme.pk]),
        {"name": "连续三个月未到岗", "grade": "basic"},
    )
    assert response.status_code == 302
    veto = scheme.vetoes.get(name="连续三个月未到岗")
    assert veto.grade == "basic"
    url = reverse("assessment:veto_update", args=[scheme.pk, veto.pk])
    assert "连续三个月未到岗" in client.get(url).content.decode()
    assert (
        client.post(
            url, {"name": "连续三个月未到岗", "grade": "unqualified"}
        ).status_code
        == 302
    )
    assert VetoItem.objects.get(pk=veto.pk).grade == "unqualified"
    response = client.post(reverse("assessment:veto_delete", args=[scheme.pk, veto.pk]))
    assert (
        response.status_code == 302 and not VetoItem.objects.filter(pk=veto.pk).exists()
    )
    notes = list(
        AuditLog.objects.filter(object_id=str(scheme.pk)).values_list("note", flat=True)
    )
    assert any("新增一票否决事项" in n for n in notes)
    assert any("修改一票否决事项" in n for n in notes)
    assert any("删除一票否决事项" in n for n in notes)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": " ", "grade": "unqualified"}, "请填写否决事项"),
        (
            {
                "name": "经查实的违反廉洁纪律行为（在派驻单位领取报酬、报销费用、接受宴请或礼品等）",
                "grade": "unqualified",
            },
            "已有同名否决事项",
        ),
        ({"name": "新事项", "grade": "excellent"}, "选择一个有效的选项"),
    ],
)
def test_invalid_veto_items_are_refused_in_chinese(world, login, scheme, data, message):
    response = login(world.users.county).post(
        reverse("assessment:veto_create", args=[scheme.pk]), data
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert scheme.vetoes.count() == 1


def test_the_service_refuses_a_veto_grade_other_than_the_two_lowest(world, scheme):
    with pytest.raises(ServiceError, match="不称职"):
        schemes.save_veto(
            user=world.users.county, scheme=scheme, name="x", grade="competent"
        )


@pytest.mark.parametrize(
    "persona,status",
    [
        ("county", 200),
        ("far_county", 404),
        ("nonpublic", 403),
        ("instructor", 403),
        ("auditor", 403),
        ("contact", 403),
    ],
)
def test_the_scheme_edit_pages_answer_each_role(world, login, scheme, persona, status):
    client = login(getattr(world.users, persona))
    veto = scheme.vetoes.get()
    for url in (
        _rules_url(scheme),
        reverse("assessment:veto_create", args=[scheme.pk]),
        reverse("assessment:veto_update", args=[scheme.pk, veto.pk]),
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    "persona,status", [("far_county", 404), ("nonpublic", 403), ("instructor", 403)]
)
def test_others_cannot_delete_a_veto_item(world, login, scheme, persona, status):
    veto = scheme.vetoes.get()
    response = login(getattr(world.users, persona)).post(
        reverse("assessment:veto_delete", args=[scheme.pk, veto.pk])
    )
    assert response.status_code == status
    assert VetoItem.objects.filter(pk=veto.pk).exists()


def test_the_scheme_edit_pages_refuse_wrong_methods(world, login, scheme):
    client = login(world.users.county)
    veto = scheme.vetoes.get()
    assert (
        client.get(
            reverse("assessment:veto_delete", args=[scheme.pk, veto.pk])
        ).status_code
        == 405
    )
    assert client.put(_rules_url(scheme)).status_code == 405
    assert (
        client.delete(
            reverse("assessment:veto_update", args=[scheme.pk, veto.pk])
        ).status_code
        == 405
    )


def test_a_veto_item_of_another_scheme_is_not_found(world, login, scheme):
    other = Scheme.objects.create(region=world.county, year=2026, name="另一方案")
    veto = scheme.vetoes.get()
    response = login(world.users.county).get(
        reverse("assessment:veto_update", args=[other.pk, veto.pk])
    )
    assert response.status_code == 404


def test_the_scheme_page_offers_edits_only_while_no_round_has_started(
    world, login, draft
):
    client = login(world.users.county)
    url = draft.scheme.get_absolute_url()
    text = client.get(url).content.decode()
    assert "修改分数线和优秀比例" in text and "不能再修改" not in text
    round_services.start_scoring(user=world.users.county, rnd=draft)
    text = client.get(url).content.decode()
    assert "修改分数线和优秀比例" not in text and "不能再修改" in text
