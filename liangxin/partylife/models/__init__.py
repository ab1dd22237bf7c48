from liangxin.partylife.models.history import (  # noqa: F401
    CandidateTransition,
    ProcedureRunTransition,
)
from liangxin.partylife.models.procedures import (  # noqa: F401
    FORMS_BY_KIND,
    ProcedureForm,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    ProcedureStepRecord,
    ProcedureTemplate,
    RunStatus,
)
from liangxin.partylife.models.records import (  # noqa: F401
    Candidate,
    CandidateStatus,
    Election,
    Meeting,
    ServiceActivity,
    ServiceTheme,
    StepRecord,
    TermExtension,
    add_months,
)
from liangxin.partylife.models.rules import (  # noqa: F401
    MeetingKind,
    MeetingRule,
    PipelineStep,
    RuleSet,
    Stage,
)
