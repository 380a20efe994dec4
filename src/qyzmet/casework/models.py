"""The casework app's models, each in the module of its concept."""

from qyzmet.casework.appeal_models import Appeal, AppealKind, AppealOutcome
from qyzmet.casework.consultation_models import (
    Consultation,
    ConsultationAnswer,
    ConsultationOutcome,
    Escalation,
)
from qyzmet.casework.stage_models import PreparedDecision, PreparedOutcome

__all__ = [
    "Appeal",
    "AppealKind",
    "AppealOutcome",
    "Consultation",
    "ConsultationAnswer",
    "ConsultationOutcome",
    "Escalation",
    "PreparedDecision",
    "PreparedOutcome",
]
