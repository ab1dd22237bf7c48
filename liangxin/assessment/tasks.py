"""Background jobs of assessment: scoring and grading a round, computing a payout sheet.

Each runs its service in one transaction (a worker killed midway leaves nothing half-written)
and notifies the user who asked once per task id (a redelivered task does not notify twice).
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError

ROUND_ACTIONS = {"start": "开始评分并计算得分", "recompute": "重新计算得分"}


def _tell(user, key: str, title: str, body: str, url: str) -> str:
    """Notify the user who asked, once per task id (a redelivered task does not repeat it)."""
    notify(recipient=user, title=title, body=body, url=url, key=key)
    return title


@shared_task(bind=True, name="assessment.round_scores")
def round_scores(self, round_id: int, user_id: int, action: str) -> str:
    from liangxin.assessment.models import Round
    from liangxin.assessment.services import rounds

    user = get_user_model().objects.get(pk=user_id)
    rnd = Round.objects.get(pk=round_id)
    service = rounds.start_scoring if action == "start" else rounds.recompute_scores
    try:
        service(user=user, rnd=rnd)
        title, body = f"已完成：{rnd}{ROUND_ACTIONS[action]}", "系统计算指标已算出。"
    except ServiceError as exc:  # already started by a duplicate, or no longer scoring
        title, body = f"未完成：{rnd}{ROUND_ACTIONS[action]}", exc.message
    key = f"assessment.round_scores:{self.request.id}"
    return _tell(user, key, title, body, rnd.get_absolute_url())


@shared_task(bind=True, name="assessment.payout_lines")
def payout_lines(self, sheet_id: int, user_id: int) -> str:
    from liangxin.assessment.models import PayoutSheet
    from liangxin.assessment.services import payouts

    user = get_user_model().objects.get(pk=user_id)
    sheet = PayoutSheet.objects.get(pk=sheet_id)
    try:
        count = payouts.recompute(user=user, sheet=sheet)
        title, body = f"补贴已计算：{sheet.title}", f"共 {count} 行。"
    except ServiceError as exc:
        title, body = f"补贴未计算：{sheet.title}", exc.message
    key = f"assessment.payout_lines:{self.request.id}"
    return _tell(user, key, title, body, sheet.get_absolute_url())
