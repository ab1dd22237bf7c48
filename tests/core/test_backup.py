"""backup → restore into an empty database: every table's rows and every file come back."""

import datetime
import json
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from liangxin.core import backup
from liangxin.fieldwork.closing import send_reminders


def _plain(value):
    # the same instant may carry zoneinfo UTC on one connection and timezone.utc on the other
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    # Django's connection reads jsonb as its text, a plain psycopg one decodes it: compare
    # both as PostgreSQL's own text form (", " and ": " separators, keys in stored order)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sorted_rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())


@pytest.fixture
def restored_db(tmp_path):
    """An empty database of the same engine as the test database; yields its URL."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    conns = []

    def connect():
        conns.append(psycopg.connect(dbname=name, **params))
        return conns[-1]

    yield url, connect
    for conn in conns:
        conn.close()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "visits" / "2026").mkdir(parents=True)
    (root / "visits" / "2026" / "照片.jpg").write_bytes(
        b"\xff\xd8\xff" + bytes(range(256))
    )
    (root / "attachments").mkdir()
    (root / "attachments" / "请示.pdf").write_bytes(b"%PDF-1.7 test")
    settings.MEDIA_ROOT = root
    return root


def test_a_restore_into_an_empty_database_gives_back_every_row_and_file(
    transactional_db, world, media, restored_db, tmp_path
):
    send_reminders()  # a few notifications too
    out = tmp_path / "backups"
    call_command("backup", output_dir=str(out))
    (archive,) = out.glob("liangxin-backup-*.tar.gz")
    assert (out / f"{archive.name}.sha256").read_text().split()[0] == (
        backup.sha256_file(archive)
    )

    url, connect = restored_db
    target_media = tmp_path / "restored-media"
    call_command(
        "restore", str(archive), database_url=url, media_root=str(target_media)
    )

    tables = connection.introspection.table_names()
    assert len(tables) > 50
    restored = connect()
    if connection.vendor == "sqlite":  # raw values, without Django's type converters
        name = connection.settings_dict["NAME"]
        source = sqlite3.connect(name, uri=name.startswith("file:")).cursor()
    else:
        source = connection.cursor()
    target = restored.cursor()
    for table in tables:
        assert _sorted_rows(target, table) == _sorted_rows(source, table), table
    originals = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    copies = sorted(
        p.relative_to(target_media) for p in target_media.rglob("*") if p.is_file()
    )
    assert copies == originals
    for relative in originals:
        assert (target_media / relative).read_bytes() == (media / relative).read_bytes()


def test_a_damaged_archive_is_refused_before_anything_is_written(
    transactional_db, world, media, restored_db, tmp_path
):
    out = tmp_path / "backups"
    call_command("backup", output_dir=str(out))
    (archive,) = out.glob("liangxin-backup-*.tar.gz")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    url, connect = restored_db
    target_media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="校验失败"):
        call_command(
            "restore", str(archive), database_url=url, media_root=str(target_media)
        )
    assert not target_media.exists()


def test_a_tampered_file_inside_the_archive_is_caught_by_the_manifest(
    transactional_db, world, media, tmp_path
):
    out = tmp_path / "backups"
    archive = backup.create(out)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "media" / "attachments" / "请示.pdf").write_bytes(b"%PDF-forged")
    forged = out / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            tar.add(
                path, arcname=path.relative_to(unpacked).as_posix(), recursive=False
            )
    with pytest.raises(CommandError, match="文件校验失败：attachments/请示.pdf"):
        call_command("restore", str(forged), verify_only=True)


def test_restore_refuses_a_database_that_is_not_empty(
    transactional_db, world, tmp_path
):
    archive = backup.create(tmp_path / "backups", media_root=tmp_path / "none")
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), media_root=str(tmp_path / "m"))


def test_backup_keeps_only_the_latest_archives(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "none"
    out = tmp_path / "backups"
    for stamp in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        (out).mkdir(exist_ok=True)
        (out / f"liangxin-backup-{stamp}.tar.gz").write_bytes(b"old")
    call_command("backup", output_dir=str(out), keep=2)
    archives = sorted(p.name for p in out.glob("liangxin-backup-*.tar.gz"))
    assert (
        len(archives) == 2 and archives[0] != "liangxin-backup-20260101T000000Z.tar.gz"
    )
    assert "liangxin-backup-20260102T000000Z.tar.gz" not in archives
