"""Every admin that can edit is a core AuditedAdmin: the change form, list_editable rows,
inlines and deletions are versioned and audited (users' role and region included)."""

from types import SimpleNamespace

from django.contrib import admin
from django.test import RequestFactory

from liangxin.core.admin import AuditedAdmin, ReadOnlyAdmin
from liangxin.core.models import AuditAction, AuditLog, Role, User
from liangxin.partylife.models import MeetingKind, MeetingRule, RuleSet
from tests import factories as f


def _request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def _boss():
    return f.UserFactory(username="root", is_superuser=True, is_staff=True)


def test_every_registered_admin_is_either_read_only_or_audited():
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("liangxin."):
            continue  # third-party admins (tokens, lockouts) are not ours to audit
        assert isinstance(model_admin, (ReadOnlyAdmin, AuditedAdmin)), model


def test_a_list_editable_row_of_a_meeting_rule_is_audited(world, client):
    boss = _boss()
    rule = MeetingRule.objects.filter(kind=MeetingKind.MEMBERS).first()
    client.force_login(boss)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(rule.pk),
        "form-0-cadence": rule.cadence,
        "form-0-required_count": str(rule.required_count + 1),
        "form-0-quorum_more_than_percent": str(rule.quorum_more_than_percent or 50),
        "_save": "保存",
    }
    response = client.post(f"/admin/partylife/meetingrule/?id__exact={rule.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    log = AuditLog.objects.get(
        content_type__model="meetingrule", object_id=str(rule.pk)
    )
    assert log.action == AuditAction.UPDATE and log.username == "root"
    assert log.after["required_count"] == rule.required_count + 1
    assert log.before["required_count"] == rule.required_count


def test_changing_a_users_role_and_region_in_the_admin_is_audited(world):
    target = f.UserFactory(username="clerk", role=Role.AUDITOR, region=world.county)
    target.role, target.region = Role.COUNTY_ADMIN, world.other_county
    admin.site._registry[User].save_model(_request(_boss()), target, None, True)
    log = AuditLog.objects.get(content_type__model="user", object_id=str(target.pk))
    assert (log.before["role"], log.after["role"]) == (Role.AUDITOR, Role.COUNTY_ADMIN)
    assert log.after["region"] == world.other_county.pk
    assert "password" not in log.after


def test_inline_rows_saved_and_deleted_with_a_rule_set_are_audited(world):
    ruleset = RuleSet.objects.first()
    kept, dropped = list(ruleset.meeting_rules.all()[:2])
    kept.required_count += 1
    dropped_pk = dropped.pk
    formset = SimpleNamespace(
        save=lambda commit: [kept],
        deleted_objects=[dropped],
        save_m2m=lambda: None,
    )
    admin.site._registry[RuleSet].save_formset(_request(_boss()), None, formset, True)
    assert not MeetingRule.objects.filter(pk=dropped_pk).exists()
    actions = dict(
        AuditLog.objects.filter(content_type__model="meetingrule").values_list(
            "object_id", "action"
        )
    )
    assert actions == {
        str(kept.pk): AuditAction.UPDATE,
        str(dropped_pk): AuditAction.DELETE,
    }
