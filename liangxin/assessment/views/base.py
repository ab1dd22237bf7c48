"""Helpers shared by the assessment pages."""

from django.contrib import messages

from liangxin.core.services import ServiceError


def tie_break_text(scheme) -> str:
    return (
        "同分时依次比较“{}”维度得分，高者在前；仍完全相同且跨优秀名额线的，"
        "暂不公布，由县级在考核页面决定并留痕。".format(
            "”“".join(scheme.tie_break_labels.split("、"))
        )
    )


def _fail(request, exc: ServiceError):
    messages.error(request, exc.message)
