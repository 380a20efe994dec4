"""The casework app's models, one module per aggregate."""

from qyzmet.casework.stage_models import PreparedDecision, PreparedOutcome

__all__ = ["PreparedDecision", "PreparedOutcome"]
