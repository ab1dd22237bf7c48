"""The audit log for a 等保2.0 level-3 review: append-only, hash-chained (`verify_audit`),
kept (nothing purges it), exportable by the auditor, and it records refusals."""

import io

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from liangxin.core import audit
from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.models.audit import AppendOnlyError


@pytest.fixture
def entries(world):
    return [
        audit.log(user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a),
        audit.log(
            user=world.users.nonpublic,
            action=AuditAction.CREATE,
            obj=world.org_a2,
            after={"name": "兴隆", "employees": 12, "flags": [1, 2]},
        ),
        audit.log(user=world.users.county, action=AuditAction.EXPORT, note="导出"),
    ]


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_each_entry_carries_the_hash_of_the_one_before(entries):
    rows = list(AuditLog.objects.order_by("id"))
    assert rows[0].prev_hash == ""
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_hash == before.hash
        assert len(after.hash) == 64
    assert "完整" in _verify()


def test_the_orm_refuses_to_change_or_delete_an_entry(entries):
    entry = AuditLog.objects.order_by("id").first()
    entry.note = "改过"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=entry.pk).update(note="改过")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.count() == 3


def test_the_admin_offers_no_add_change_or_delete(world, rf):
    model_admin = admin.site._registry[AuditLog]
    request = rf.get("/admin/")
    request.user = world.users.county
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_verify_audit_reports_the_first_edited_row(entries):
    target = entries[1]
    # tampering below the ORM, as someone with database access would
    _raw_update(target.pk, "图谋篡改")
    with pytest.raises(CommandError) as excinfo:
        _verify()
    assert f"第 {target.pk} 条" in str(excinfo.value)
    assert "内容与哈希不符" in str(excinfo.value)


def test_verify_audit_reports_a_removed_row_at_its_successor(entries):
    _raw_delete(entries[1].pk)
    with pytest.raises(CommandError) as excinfo:
        _verify()
    assert f"第 {entries[2].pk} 条" in str(excinfo.value)
    assert "上一条哈希不符" in str(excinfo.value)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgresql_refuses_updates_and_deletes_below_the_orm(entries):
    for sql in (
        "UPDATE core_auditlog SET note = 'x' WHERE id = %s",
        "DELETE FROM core_auditlog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entries[0].pk])


def test_deleting_an_account_keeps_its_entries_and_the_chain(world, entries):
    user = world.users.far_county
    audit.log(user=user, action=AuditAction.LOGIN)
    user.delete()
    row = AuditLog.objects.order_by("-id").first()
    assert row.user_id is None and row.username == "hequ"
    assert "完整" in _verify()


def test_the_auditor_exports_the_audit_log_as_xlsx(world, login, entries):
    client = login(world.users.auditor)
    response = client.get("/system/audit/?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].values)
    assert rows[0][0] == "时间"
    assert {r[4] for r in rows[1:]} >= {str(world.org_a), str(world.org_a2)}
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, username="auditor"
    ).exists()


def test_an_instructor_cannot_see_or_export_the_audit_log(world, login):
    client = login(world.users.instructor)
    assert client.get("/system/audit/?export=xlsx").status_code == 403


def test_a_failed_login_is_logged(client, world):
    client.post("/login/", {"username": "county", "password": "wrong"})
    entry = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
    assert "county" in entry.note


def test_a_permission_denial_on_a_page_is_logged(world, login):
    client = login(world.users.instructor)
    assert client.get("/system/audit/").status_code == 403
    entry = AuditLog.objects.get(action=AuditAction.DENIED)
    assert entry.username == "instructor01"
    assert entry.note.startswith("403 GET /system/audit/")


def test_a_record_outside_the_scope_is_logged_as_a_denial(world, login):
    client = login(world.users.nonpublic)
    url = f"/orgs/{world.org_b.pk}/"
    assert client.get(url).status_code == 404
    entry = AuditLog.objects.get(action=AuditAction.DENIED)
    assert entry.username == "nonpublic" and url in entry.note


def test_an_api_denial_is_logged(world, login):
    client = login(world.users.nonpublic)
    response = client.get(f"/api/organizations/{world.org_b.pk}/")
    assert response.status_code == 404
    assert AuditLog.objects.filter(
        action=AuditAction.DENIED, username="nonpublic", note__contains="/api/"
    ).exists()


def test_anonymous_visitors_do_not_flood_the_log(client, world):
    client.get(f"/orgs/{world.org_b.pk}/")
    assert not AuditLog.objects.filter(action=AuditAction.DENIED).exists()


def _below_the_orm(sql, params):
    """Tampering as someone with database access would; on PostgreSQL that takes a
    superuser who switches triggers off for the session."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def _raw_update(pk, note):
    _below_the_orm("UPDATE core_auditlog SET note = %s WHERE id = %s", [note, pk])


def _raw_delete(pk):
    _below_the_orm("DELETE FROM core_auditlog WHERE id = %s", [pk])
