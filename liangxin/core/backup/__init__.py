"""Backups: one timestamped archive holding the database dump and every media file, with a
manifest of SHA-256 checksums and a `.sha256` file beside it (`sha256sum -c` checks it).

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; SQLite is copied
with its online backup API. Restoring checks every checksum before it writes anything."""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def dump_database(alias: str, target: Path) -> str:
    """Write the database to `target`; returns the engine kind ("postgresql" or "sqlite")."""
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        cmd = ["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target)]
        result = subprocess.run(
            cmd + _pg_args(db) + [db["NAME"]],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        return "postgresql"
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:  # SQLite's backup would wait for it forever
            raise BackupError("备份不能在数据库事务内进行。")
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return "sqlite"
    raise BackupError(f"不支持的数据库：{connection.vendor}")


def _media_files(root: Path):
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def create(output_dir: Path, *, alias: str = "default", media_root=None) -> Path:
    """Make the archive in `output_dir`; returns its path. The archive appears complete or
    not at all (written under a temporary name, then renamed)."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"liangxin-backup-{stamp}.tar.gz"
    final = output_dir / name
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database.dump"
        engine = dump_database(alias, dump)
        files = {}
        manifest = {
            "format": FORMAT,
            "created_at": stamp,
            "engine": engine,
            "database": {"name": "database.dump", "sha256": sha256_file(dump)},
            "media": files,
        }
        partial = output_dir / f".{name}.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname="database.dump")
            for path in _media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                files[relative] = sha256_file(path)
                tar.add(path, arcname=f"media/{relative}")
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial.rename(final)
    Path(f"{final}.sha256").write_text(f"{sha256_file(final)}  {name}\n")
    return final


def verify(archive: Path, workdir: Path) -> dict:
    """Check the archive against its .sha256 file, unpack it into `workdir` and check every
    member against the manifest. Returns the manifest."""
    checksum = Path(f"{archive}.sha256")
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    if checksum.is_file():
        expected = checksum.read_text().split()[0]
        if sha256_file(archive) != expected:
            raise BackupError("备份文件校验失败（与 .sha256 不符），文件可能已损坏。")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(workdir, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"备份文件无法解开：{exc}") from None
    try:
        manifest = json.loads((workdir / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError("备份文件缺少清单（manifest.json）。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份文件格式版本不符。")
    if sha256_file(workdir / "database.dump") != manifest["database"]["sha256"]:
        raise BackupError("数据库转储校验失败。")
    for relative, digest in manifest["media"].items():
        path = workdir / "media" / relative
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"文件校验失败：{relative}")
    return manifest


def _restore_postgresql(dump: Path, db: dict) -> None:
    result = subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]
        + _pg_args(db)
        + ["-d", db["NAME"], str(dump)],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:2000]}")


def _restore_sqlite(dump: Path, db: dict) -> None:
    source = sqlite3.connect(dump)
    dest = sqlite3.connect(db["NAME"])
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()


def restore(archive: Path, *, db: dict, media_root: Path) -> dict:
    """Restore into the (empty) database described by `db` (a Django DATABASES entry) and
    into `media_root`. Everything is verified first; returns the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        manifest = verify(archive, workdir)
        engine = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
        if engine != manifest["engine"]:
            raise BackupError(
                f"备份来自 {manifest['engine']}，不能恢复到 {engine} 数据库。"
            )
        if engine == "postgresql":
            _restore_postgresql(workdir / "database.dump", db)
        else:
            _restore_sqlite(workdir / "database.dump", db)
        media_root.mkdir(parents=True, exist_ok=True)
        for relative in manifest["media"]:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(workdir / "media" / relative, target)
    return manifest
