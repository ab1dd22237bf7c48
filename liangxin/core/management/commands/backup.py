from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from liangxin.core import backup


class Command(BaseCommand):
    help = (
        "备份：数据库转储与全部上传文件打包为一个带时间戳的归档（含 SHA-256 清单和 .sha256 文件）。"
        "可与系统运行同时进行；按 --keep 保留最近的若干份。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BACKUP_DIR),
            help="归档存放目录（默认 BACKUP_DIR）",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="只保留最近 N 份（0 表示全部保留）"
        )

    def handle(self, *args, output_dir, keep, **options):
        try:
            archive = backup.create(Path(output_dir))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已备份：{archive}")
        if keep > 0:
            archives = sorted(Path(output_dir).glob("liangxin-backup-*.tar.gz"))
            for old in archives[:-keep]:
                old.unlink()
                Path(f"{old}.sha256").unlink(missing_ok=True)
                self.stdout.write(f"已删除旧备份：{old.name}")
