import sqlite3
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from liangxin.core import backup


def _is_empty(db: dict) -> bool:
    if "postgresql" in db["ENGINE"]:
        import psycopg

        dsn = {
            k: v
            for k, v in {
                "dbname": db["NAME"],
                "user": db.get("USER"),
                "password": db.get("PASSWORD"),
                "host": db.get("HOST"),
                "port": db.get("PORT"),
            }.items()
            if v
        }
        with psycopg.connect(**dsn) as conn:
            count = conn.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'public'"
            ).fetchone()[0]
        return count == 0
    name = str(db["NAME"])
    conn = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        count = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
    finally:
        conn.close()
    return count == 0


class Command(BaseCommand):
    help = (
        "从 backup 生成的归档恢复：先校验全部校验和，再恢复到一个空数据库（默认 DATABASE_URL，"
        "或 --database-url）和上传文件目录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="liangxin-backup-*.tar.gz")
        parser.add_argument("--database-url", help="恢复到的空数据库（默认当前数据库）")
        parser.add_argument(
            "--media-root", help="上传文件恢复到的目录（默认 MEDIA_ROOT）"
        )
        parser.add_argument(
            "--verify-only", action="store_true", help="只校验归档，不恢复"
        )

    def handle(self, *args, archive, database_url, media_root, verify_only, **options):
        archive = Path(archive)
        if verify_only:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                try:
                    manifest = backup.verify(archive, Path(tmp))
                except backup.BackupError as exc:
                    raise CommandError(str(exc)) from None
            self.stdout.write(
                f"校验通过：{manifest['created_at']}，文件 {len(manifest['media'])} 个。"
            )
            return
        if database_url:
            db = dj_database_url.parse(database_url)
        else:
            db = connections["default"].settings_dict
            connections["default"].close()
        if not _is_empty(db):
            raise CommandError(
                "目标数据库不是空的。请先新建一个空数据库（createdb），"
                "再用 --database-url 指向它，核对无误后切换 DATABASE_URL。"
            )
        try:
            manifest = backup.restore(
                archive,
                db=db,
                media_root=Path(media_root or settings.MEDIA_ROOT),
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份：数据库与 {len(manifest['media'])} 个文件。"
        )
