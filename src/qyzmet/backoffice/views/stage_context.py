"""What the case page and the queue show of a case's stages: the stage it is at, who acts
next, the decision waiting for sign-off (and whether this officer may sign it off), and the
note of a decision returned to review."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qyzmet.applications.decisions import reason_parts
from qyzmet.applications.models import Case
from qyzmet.backoffice.forms import ReturnDecisionForm
from qyzmet.casework.consultation_reads import consultations_of
from qyzmet.casework.escalations import escalation_of
from qyzmet.casework.roles import REVIEWER, has_role
from qyzmet.casework.stage_models import PreparedOutcome
from qyzmet.casework.stages import StageView, stage_view
from qyzmet.catalog.models import CONSULTED, Agency
from qyzmet.core.texts import pick
from qyzmet.core.written import as_html

KNOWN_STAGES = {  # a stage's word the catalogue gives no title for, named in the officer's language
    "review": _lazy("Review"),
    "sign-off": _lazy("Sign-off"),
    "consultation": _lazy("Consultation of another agency"),
}


def stage_title(stage: dict[str, Any] | None, word: str = "") -> str:
    """A stage's name as officers read it: its catalogue ``title``, or a known word named in
    their language, or the word itself."""
    if stage and stage.get("title"):
        return pick(stage["title"])
    word = stage["stage"] if stage else word
    return str(KNOWN_STAGES.get(word, word))


def stage_label(view: StageView, stages: list[dict[str, Any]] | None = None) -> str:
    """ "Review (stage 1 of 2)", "Sign-off (stage 2 of 2)"."""
    stage = stages[view.position] if stages else None
    if stage is None:
        name = _("Review") if view.role == REVIEWER else _("Sign-off")
    else:
        name = stage_title(stage)
    return _("%(stage)s (stage %(number)d of %(count)d)") % {
        "stage": name,
        "number": view.position + 1,
        "count": view.count,
    }


def acts_next(view: StageView, stages: list[dict[str, Any]] | None = None) -> str:
    if view.role == REVIEWER:
        return _("an officer of the agency")
    if view.role == CONSULTED:
        stage = stages[view.position] if stages else {}
        return _("the consulted agency (%(agency)s)") % {
            "agency": agency_name(stage.get("consult"))
        }
    return _("a supervisor other than the officer who prepared the decision")


def agency_name(slug: str | None) -> str:
    agency = Agency.objects.filter(slug=slug).first() if slug else None
    return pick(agency.name) if agency else str(slug or "")


def stage_context(
    case: Case, officer: Any, language: str, form: ReturnDecisionForm | None = None
) -> dict[str, Any]:
    escalated = {"escalation": escalation_of(case), "consultations": _consultations(case)}
    view = stage_view(case)
    if view is None:
        return {"stage": None, **escalated}
    prepared = view.prepared
    stages = case.service.stages
    context: dict[str, Any] = {
        **escalated,
        "stage": view,
        "stage_label": stage_label(view, stages),
        "acts_next": acts_next(view, stages),
        "consulting": view.role == CONSULTED,
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
        context["may_sign"] = (
            context["holds_role"] and not context["acted_already"] and view.role != CONSULTED
        )
    else:
        last = case.prepared_decisions.select_related("ended_by").order_by("-prepared_at").first()
        if last is not None and last.outcome == PreparedOutcome.RETURNED:
            context["returned"] = last
    return context


def _consultations(case: Case) -> list[dict[str, Any]]:
    """The case's consultations as its own officers read them: whom, until when, the answer."""
    return [
        {"consultation": c, "agency": pick(c.agency.name), "stage": c.stage}
        for c in consultations_of(case)
    ]


STAGE_LINES = {"stage_prepared", "stage_signed"}  # their note: the stage the decision moves to


def history_note(change: Any, case: Case) -> str:
    """A history line's note as officers read it: a stage by its name, a consulted agency by
    its name, the rest as written."""
    if change.status in STAGE_LINES and change.note:
        found = [s for s in case.service.stages if s["stage"] == change.note]
        return stage_title(found[0] if found else None, change.note)
    if change.status == "consultation_asked" and change.note:
        return agency_name(change.note)
    if change.status == "consultation_replied" and change.note:
        answer, _colon, note = str(change.note).partition(": ")
        said = {"agree": _("agrees"), "object": _("objects")}.get(answer, answer)
        return f"{said}: {note}" if note else said
    if change.status == "consultation_lapsed":
        return _("no answer in term")
    if change.status == "case_escalated" and change.note:
        return _("to officers with the role %(role)s") % {"role": change.note}
    return str(change.note)
