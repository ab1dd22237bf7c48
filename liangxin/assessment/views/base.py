"""Helpers shared by the assessment pages."""

from django.contrib import messages

from liangxin.assessment.models.scheme import TIE_BREAK_ORDER
from liangxin.core.services import ServiceError

TIE_BREAK_TEXT = (
    "同分时依次比较“{}”维度得分，高者在前；仍相同的，按指导员登记先后排序。".format(
        "”“".join(c.label for c in TIE_BREAK_ORDER)
    )
)


def _fail(request, exc: ServiceError):
    messages.error(request, exc.message)
