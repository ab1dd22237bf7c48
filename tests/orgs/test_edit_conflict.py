"""Optimistic locking: a save based on a stale version is refused, the first save survives."""

import datetime
import json

from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.services import CONFLICT_MESSAGE
from liangxin.orgs.models import Organization


def form_data(response, **changes) -> dict:
    """The POST body a browser would send for the edit form as rendered (hidden version too)."""
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.name] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[bound.name] = value
    data.update(changes)
    return data


def edit_url(org):
    return f"/orgs/{org.pk}/edit/"


def test_second_save_with_stale_version_is_refused(world):
    from django.test import Client

    org = world.org_a
    first, second = Client(), Client()
    first.force_login(world.users.county)
    second.force_login(world.users.nonpublic)

    form_1 = first.get(edit_url(org))
    form_2 = second.get(edit_url(org))
    assert form_1.status_code == form_2.status_code == 200
    assert form_1.context["form"]["version"].value() == 1
    assert 'name="version"' in form_2.content.decode()

    saved = first.post(
        edit_url(org), form_data(form_1, employees="321", industry="煤炭洗选")
    )
    assert saved.status_code == 302, saved.context["form"].errors
    org.refresh_from_db()
    assert (org.employees, org.industry, org.version) == (321, "煤炭洗选", 2)
    audit_count = AuditLog.objects.count()

    refused = second.post(
        edit_url(org), form_data(form_2, employees="7", name="被覆盖的名称")
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert CONFLICT_MESSAGE in html
    assert (
        CONFLICT_MESSAGE
        == "该记录已被他人修改，请刷新页面后重新编辑（您的修改未保存）。"
    )

    org.refresh_from_db()
    assert (org.employees, org.industry, org.version) == (321, "煤炭洗选", 2)
    assert org.name == "保德县华鑫煤业有限公司"
    assert AuditLog.objects.count() == audit_count

    # After reloading, the second user can save on top of the first's change.
    reloaded = second.get(edit_url(org))
    assert reloaded.context["form"]["version"].value() == 2
    ok = second.post(edit_url(org), form_data(reloaded, employees="7"))
    assert ok.status_code == 302
    org.refresh_from_db()
    assert (org.employees, org.industry, org.version) == (7, "煤炭洗选", 3)


def test_each_save_is_audited_with_before_and_after(world, login):
    client = login(world.users.county)
    response = client.get(edit_url(world.org_a))
    client.post(edit_url(world.org_a), form_data(response, employees="88"))
    entry = AuditLog.objects.filter(
        action=AuditAction.UPDATE, object_id=str(world.org_a.pk)
    ).latest("pk")
    assert entry.before["employees"] == 50 and entry.after["employees"] == 88
    assert entry.before["version"] == 1 and entry.after["version"] == 2
    assert entry.user == world.users.county


def test_same_user_in_two_tabs_also_conflicts(world, login):
    client = login(world.users.nonpublic)
    tab_1 = client.get(edit_url(world.org_a))
    tab_2 = client.get(edit_url(world.org_a))
    assert (
        client.post(edit_url(world.org_a), form_data(tab_1, employees="11")).status_code
        == 302
    )
    refused = client.post(edit_url(world.org_a), form_data(tab_2, employees="22"))
    assert CONFLICT_MESSAGE in refused.content.decode()
    assert Organization.objects.get(pk=world.org_a.pk).employees == 11


def api_patch(client, org, body):
    return client.patch(
        f"/api/organizations/{org.pk}/",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_api_patch_with_stale_version_is_a_conflict(world):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(world.users.county)
    second.force_login(world.users.nonpublic)
    org = world.org_a

    loaded_1 = first.get(f"/api/organizations/{org.pk}/").json()
    loaded_2 = second.get(f"/api/organizations/{org.pk}/").json()
    assert loaded_1["version"] == loaded_2["version"] == 1

    ok = api_patch(first, org, {"employees": 321, "version": loaded_1["version"]})
    assert ok.status_code == 200, ok.content.decode()
    assert ok.json()["version"] == 2 and ok.json()["employees"] == 321
    audit_count = AuditLog.objects.count()

    stale = api_patch(
        second,
        org,
        {"employees": 7, "industry": "覆盖", "version": loaded_2["version"]},
    )
    assert stale.status_code == 409
    assert stale.json()["detail"] == CONFLICT_MESSAGE

    org.refresh_from_db()
    assert (org.employees, org.industry, org.version) == (321, "", 2)
    assert AuditLog.objects.count() == audit_count

    fresh = api_patch(second, org, {"employees": 7, "version": 2})
    assert fresh.status_code == 200
    org.refresh_from_db()
    assert (org.employees, org.version) == (7, 3)


def test_api_put_with_stale_version_is_a_conflict(world, login):
    client = login(world.users.county)
    org = world.org_a
    body = client.get(f"/api/organizations/{org.pk}/").json()
    Organization.objects.filter(pk=org.pk).update(version=5)
    body.update(employees=999)
    response = client.put(
        f"/api/organizations/{org.pk}/",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == CONFLICT_MESSAGE
    assert Organization.objects.get(pk=org.pk).employees == 50


def test_api_version_is_not_writable(world, login):
    """A client cannot bump or reset the version itself; the server increments it by one."""
    client = login(world.users.county)
    response = api_patch(client, world.org_a, {"industry": "煤炭", "version": 1})
    assert response.status_code == 200
    assert Organization.objects.get(pk=world.org_a.pk).version == 2
