"""Walks the audit log's hash chain and reports the first broken link.

Each row stores the previous row's hash and a hash over its own content and that previous
hash; a changed, removed or inserted row breaks the chain from that row on."""

from django.core.management.base import BaseCommand, CommandError

from liangxin.core.models import AuditLog


def first_broken_link():
    """(row, reason) for the first row that does not fit the chain, or None if it holds."""
    prev = ""
    for row in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != prev:
            return row, "上一条哈希不符（其前的记录被删除、插入或修改）"
        if row.hash != row.compute_hash():
            return row, "本条内容与哈希不符（记录被修改）"
        prev = row.hash
    return None


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一处断裂。"

    def handle(self, *args, **options):
        broken = first_broken_link()
        if broken is not None:
            row, reason = broken
            raise CommandError(
                f"审计日志哈希链在第 {row.pk} 条断裂（{row.at:%Y-%m-%d %H:%M:%S} "
                f"{row.username} {row.get_action_display()}）：{reason}"
            )
        count = AuditLog.objects.count()
        self.stdout.write(self.style.SUCCESS(f"审计日志哈希链完整，共 {count} 条。"))
