from liangxin.assessment.models.allowance import (  # noqa: F401
    AdjustmentBatch,
    AdjustmentBatchTransition,
    AllowancePolicy,
    PayoutLine,
    PayoutSheet,
    PayoutSheetTransition,
    PayoutStatus,
)
from liangxin.assessment.models.round import (  # noqa: F401
    Appeal,
    AppealStatus,
    AppealTransition,
    Result,
    Round,
    RoundStatus,
    RoundTransition,
    Score,
    ScoreRevision,
    TieDecision,
    VetoFinding,
)
from liangxin.assessment.models.scheme import (  # noqa: F401
    Dimension,
    DimensionCode,
    Grade,
    IndicatorKind,
    Scheme,
    SchemeIndicator,
    VetoItem,
)
