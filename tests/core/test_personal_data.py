"""Personal information (PIPL): phone numbers encrypted at rest under a key from the
environment, masked on screen for roles that do not need them, every reveal audited."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from liangxin.core import crypto
from liangxin.core.models import AuditAction, AuditLog, User
from liangxin.inspections.models import PhoneCall
from liangxin.roster.models import DispatchingUnit, Instructor
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_phone_numbers_are_stored_encrypted_and_read_back_plain(world):
    ins = world.ins_a
    stored = _raw("roster_instructor", "phone", ins.pk)
    assert stored.startswith(crypto.TOKEN_PREFIX) and "13912345678" not in stored
    assert Instructor.objects.get(pk=ins.pk).phone == "13912345678"
    assert Instructor.objects.filter(pk=ins.pk).values_list("phone", flat=True)[0] == (
        "13912345678"
    )
    user = world.users.contact
    User.objects.filter(pk=user.pk).update(phone="13800001234")
    assert _raw("core_user", "phone", user.pk).startswith(crypto.TOKEN_PREFIX)
    assert User.objects.get(pk=user.pk).phone == "13800001234"
    unit = world.unit_a
    unit.contact_phone = "13700001111"
    unit.save()
    assert _raw("roster_dispatchingunit", "contact_phone", unit.pk) != "13700001111"
    assert DispatchingUnit.objects.get(pk=unit.pk).contact_phone == "13700001111"


def test_an_empty_phone_stays_empty(world):
    ins = f.InstructorFactory(committee=world.nonpublic, unit=world.unit_a, phone="")
    assert _raw("roster_instructor", "phone", ins.pk) == ""


def test_the_data_migration_encrypts_rows_written_before(world):
    ins = world.ins_b
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE roster_instructor SET phone = %s WHERE id = %s",
            ["13911112222", ins.pk],
        )
    assert Instructor.objects.get(pk=ins.pk).phone == "13911112222"  # legacy plain
    crypto.encrypt_existing(Instructor, "phone")
    assert _raw("roster_instructor", "phone", ins.pk).startswith(crypto.TOKEN_PREFIX)
    assert Instructor.objects.get(pk=ins.pk).phone == "13911112222"


def test_keys_rotate_and_a_wrong_key_is_a_clear_error(world, settings):
    old = settings.FIELD_ENCRYPTION_KEY
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"  # new encrypts, old still decrypts
    assert Instructor.objects.get(pk=world.ins_a.pk).phone == "13912345678"
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(ValueError, match="密钥"):
        Instructor.objects.get(pk=world.ins_a.pk)


def test_production_refuses_to_start_without_a_key():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FIELD_ENCRYPTION_KEY", "FIELD_ENCRYPTION_KEY_FILE")
    }
    env.update(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="liangxin.example")
    result = subprocess.run(
        [sys.executable, "-c", "import liangxin.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEY" in result.stderr


def test_a_unit_liaison_sees_a_masked_phone_and_nothing_is_audited(world, login):
    response = login(world.users.unit).get(f"/roster/instructors/{world.ins_a.pk}/")
    text = response.content.decode()
    assert "139****5678" in text and "13912345678" not in text
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_a_committee_reveal_on_the_detail_page_is_audited(world, login):
    client = login(world.users.nonpublic)
    page = client.get(f"/roster/instructors/{world.ins_a.pk}/").content.decode()
    # masked until asked for: opening the page reveals nothing, audits nothing
    assert "13912345678" not in page and "显示完整号码" in page
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    # a GET (a prefetch, a link followed) reveals nothing
    assert client.get(f"/roster/instructors/{world.ins_a.pk}/phone/").status_code == 405
    response = client.post(f"/roster/instructors/{world.ins_a.pk}/phone/")
    assert "13912345678" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert entry.username == "nonpublic" and entry.object_id == str(world.ins_a.pk)
    assert "指导员手机号" in entry.note


def test_the_instructor_sees_their_own_number_without_an_audit_entry(world, login):
    login(world.users.instructor).get(f"/roster/instructors/{world.ins_a.pk}/")
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_an_api_list_writes_one_entry_naming_every_revealed_record(world, login):
    response = login(world.users.county).get("/api/instructors/")
    assert response.status_code == 200
    entries = AuditLog.objects.filter(action=AuditAction.REVEAL)
    assert entries.count() == 1
    assert "张建国" in entries[0].note and "李秀英" in entries[0].note


def test_phone_survey_numbers_are_encrypted_too(world):
    from liangxin.inspections.models import Inspection

    inspection = Inspection.objects.create(
        region=world.county,
        kind="phone",
        inspectors="县委社会工作部",
        instructor=world.ins_a,
        organization=world.org_a,
        date="2026-03-01",
    )
    call = PhoneCall.objects.create(
        inspection=inspection, name="王五", phone="13600001111"
    )
    assert _raw("inspections_phonecall", "phone", call.pk) != "13600001111"
    assert PhoneCall.objects.get(pk=call.pk).phone == "13600001111"
