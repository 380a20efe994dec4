"""What the case page and the queue show of a case's stages: the stage it is at, who acts
next, the decision waiting for sign-off (and whether this officer may sign it off), and the
note of a decision returned to review."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qyzmet.applications.decisions import reason_parts
from qyzmet.applications.models import Case
from qyzmet.backoffice.forms import ReturnDecisionForm
from qyzmet.casework.roles import REVIEWER, has_role
from qyzmet.casework.stage_models import PreparedOutcome
from qyzmet.casework.stages import StageView, stage_view
from qyzmet.core.written import as_html


def stage_label(view: StageView) -> str:
    """ "Review (stage 1 of 2)", "Sign-off (stage 2 of 2)"."""
    name = _("Review") if view.role == REVIEWER else _("Sign-off")
    return _("%(stage)s (stage %(number)d of %(count)d)") % {
        "stage": name,
        "number": view.position + 1,
        "count": view.count,
    }


def acts_next(view: StageView) -> str:
    if view.role == REVIEWER:
        return _("an officer of the agency")
    return _("a supervisor other than the officer who prepared the decision")


def stage_context(
    case: Case, officer: Any, language: str, form: ReturnDecisionForm | None = None
) -> dict[str, Any]:
    view = stage_view(case)
    if view is None:
        return {"stage": None}
    prepared = view.prepared
    context: dict[str, Any] = {
        "stage": view,
        "stage_label": stage_label(view),
        "acts_next": acts_next(view),
        "prepared": prepared,
        "return_form": form or ReturnDecisionForm(),
        "returned": None,
    }
    if prepared is not None:
        reason = prepared.reason or {}
        parts = reason_parts(template=reason.get("template"), reason=reason.get("text") or "")
        acted = {entry["officer"] for entry in prepared.acted}
        stage = case.service.stages[view.position]
        context |= {
            "prepared_reason": as_html(parts, language) if parts else "",
            "holds_role": has_role(officer, view.role),
            "acted_already": stage["four_eyes"] and officer.pk in acted,
        }
        context["may_sign"] = context["holds_role"] and not context["acted_already"]
    else:
        last = case.prepared_decisions.select_related("ended_by").order_by("-prepared_at").first()
        if last is not None and last.outcome == PreparedOutcome.RETURNED:
            context["returned"] = last
    return context
