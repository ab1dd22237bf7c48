"""Duties of 沉得下, one module per area; every model is imported here so Django finds it."""

from liangxin.duties.models.base import DraftHidingMixin  # noqa: F401
from liangxin.duties.models.conduct import (
    LEAVE_TRANSITIONS,  # noqa: F401
    AcknowledgementQuerySet,  # noqa: F401
    ConductAcknowledgement,  # noqa: F401
    LeaveQuerySet,  # noqa: F401
    LeaveRequest,  # noqa: F401
    LeaveStatus,  # noqa: F401
    LeaveTransition,  # noqa: F401
)
from liangxin.duties.models.notices import (
    NOTICE_TRANSITIONS,  # noqa: F401
    Notice,  # noqa: F401
    NoticeKind,  # noqa: F401
    NoticeQuerySet,  # noqa: F401
    NoticeStatus,  # noqa: F401
    NoticeTransition,  # noqa: F401
)
from liangxin.duties.models.reports import (
    REPORT_TRANSITIONS,  # noqa: F401
    RegularReport,  # noqa: F401
    RegularReportQuerySet,  # noqa: F401
    ReportStatus,  # noqa: F401
    ReportTransition,  # noqa: F401
)
from liangxin.duties.models.requests import (
    REQUEST_TRANSITIONS,  # noqa: F401
    Decision,  # noqa: F401
    MatterAttachment,  # noqa: F401
    MatterRequest,  # noqa: F401
    MatterRequestQuerySet,  # noqa: F401
    MatterRequestTransition,  # noqa: F401
    RequestStatus,  # noqa: F401
    Urgency,  # noqa: F401
    attachment_path,  # noqa: F401
)
from liangxin.duties.models.training import (
    Enrolment,  # noqa: F401
    RegionWideQuerySet,  # noqa: F401
    SignInMethod,  # noqa: F401
    TrainingEvent,  # noqa: F401
    TrainingKind,  # noqa: F401
    _token,  # noqa: F401
)
from liangxin.duties.models.year_end import (
    DUTY_REPORT_TRANSITIONS,  # noqa: F401
    GRADE_POINTS,  # noqa: F401
    ROUND_TRANSITIONS,  # noqa: F401
    DutyReport,  # noqa: F401
    DutyReportQuerySet,  # noqa: F401
    DutyReportStatus,  # noqa: F401
    DutyReportTransition,  # noqa: F401
    EvaluationRound,  # noqa: F401
    EvaluationRoundQuerySet,  # noqa: F401
    Grade,  # noqa: F401
    Rating,  # noqa: F401
    RatingQuerySet,  # noqa: F401
    RoundStatus,  # noqa: F401
    RoundTransition,  # noqa: F401
)
