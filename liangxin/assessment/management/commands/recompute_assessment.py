"""Recompute a county's assessment and allowances after a change of the rules (issue 10).

Rounds still open (scoring, review, published) are graded again (vetoes, the tie-break order
and held-back ties), and computed scores of rounds in scoring are refreshed. Every allowance
sheet is recomputed through the ordinary service: a sheet not yet paid gets new lines, a paid
sheet gets adjustment lines for the differences (checked, approved and paid like a sheet) —
nothing paid is rewritten. Safe to rerun: a second run finds nothing new to adjust.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liangxin.assessment.models import PayoutSheet, Round, RoundStatus
from liangxin.assessment.services import payouts
from liangxin.assessment.services.grading import grade_round
from liangxin.assessment.services.rounds import fill_computed_scores
from liangxin.core import audit
from liangxin.core.models import AuditAction, Role, User
from liangxin.core.models.region import region_prefix


class Command(BaseCommand):
    help = "按修订后的规则重新计算考核等次和补贴（已发放的只生成调整行）。"

    def add_arguments(self, parser):
        parser.add_argument("--region", default="140931", help="区划代码（默认保德县）")

    def handle(self, *args, region, **options):
        admin = (
            User.objects.filter(
                role=Role.COUNTY_ADMIN, region_id=region, is_active=True
            )
            .order_by("pk")
            .first()
        )
        if admin is None:
            raise CommandError(f"区划 {region} 没有可用的县级管理员账号。")
        prefix = region_prefix(region)
        graded = 0
        rounds = Round.objects.filter(
            region__code__startswith=prefix,
            status__in=[RoundStatus.SCORING, RoundStatus.REVIEW, RoundStatus.PUBLISHED],
        ).select_related("scheme")
        for rnd in rounds:
            with transaction.atomic():
                rnd = Round.objects.select_for_update().get(pk=rnd.pk)
                if rnd.status == RoundStatus.SCORING:
                    fill_computed_scores(rnd=rnd, user=admin)
                else:
                    grade_round(rnd)
                audit.log(
                    user=admin,
                    action=AuditAction.UPDATE,
                    obj=rnd,
                    note="按修订后的规则重新计算（否决、同分、到岗、请假）",
                )
            graded += 1
        sheets = adjusted = 0
        for sheet in PayoutSheet.objects.filter(
            region__code__startswith=prefix
        ).order_by("period_start", "pk"):
            adjusted += payouts.recompute(user=admin, sheet=sheet)
            sheets += 1
        self.stdout.write(
            f"重新计算考核 {graded} 轮；补贴发放表 {sheets} 张，"
            f"新计算或调整 {adjusted} 行（已发放的只生成调整行，待核对、审批后发放）。"
        )
