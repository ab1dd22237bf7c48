"""The history rows of the partylife workflows (a candidate, a procedure run): one per move."""

from liangxin.core.models.workflow import history_model
from liangxin.partylife.models.procedures import ProcedureRun
from liangxin.partylife.models.records import Candidate

CandidateTransition = history_model(
    Candidate,
    name="CandidateTransition",
    field="candidate",
    parent_label="发展对象",
    verbose_name="发展党员流转记录",
    doc="One move of a 发展党员 candidate: admitted or stopped, by whom, when, why.",
)


ProcedureRunTransition = history_model(
    ProcedureRun,
    name="ProcedureRunTransition",
    field="run",
    parent_label="程序",
    verbose_name="程序流转记录",
    doc="One move of a procedure run (进行中 → 已完成), by whom, when.",
)
