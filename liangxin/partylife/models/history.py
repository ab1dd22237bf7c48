"""The history rows of the partylife workflows (a candidate, a procedure run): one per move."""

from django.db import models

from liangxin.core.models.workflow import TransitionRecord
from liangxin.partylife.models.procedures import ProcedureRun, RunStatus
from liangxin.partylife.models.records import Candidate, CandidateStatus


class CandidateTransition(TransitionRecord):
    """One move of a 发展党员 candidate: admitted or stopped, by whom, when, why."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name="发展对象",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        "原状态", max_length=10, choices=CandidateStatus.choices
    )
    to_status = models.CharField(
        "新状态", max_length=10, choices=CandidateStatus.choices
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = verbose_name_plural = "发展党员流转记录"


class ProcedureRunTransition(TransitionRecord):
    """One move of a procedure run (进行中 → 已完成), by whom, when."""

    run = models.ForeignKey(
        ProcedureRun,
        verbose_name="程序",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField("原状态", max_length=10, choices=RunStatus.choices)
    to_status = models.CharField("新状态", max_length=10, choices=RunStatus.choices)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = verbose_name_plural = "程序流转记录"
