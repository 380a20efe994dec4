"""Hints for the officer beside a case: where what the citizen entered does not agree with the
registry extract the case was submitted with, and how similar earlier cases of the service
were decided. Hints only: the officer decides, and every hint shown is recorded.

Inconsistencies are read from the form and the extract alone (no new registry request): a
date that cannot be (in the future, before the applicant was born), one's own IIN where
another person's is asked, a child's IIN that belongs to an adult or to no child of the
applicant, a move to the address one is registered at, an expired document that is valid."""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qyzmet.applications.models import DECIDED_CASE_STATUSES, Case, CaseStatus
from qyzmet.assistant.models import RecordKind
from qyzmet.assistant.records import record_answer
from qyzmet.core.identifiers import InvalidIdentifier, parse_iin
from qyzmet.core.texts import current_language
from qyzmet.core.written import as_text, is_written

VERSION = "case-hints-1 (rules, similar cases by check outcomes and answers)"
PAST_DATES = ("date_of_death", "child_birth_date", "purchase_date", "contract_date",
              "job_end_date", "last_job_end_date")  # fmt: skip
SIMILAR = 20  # similar decided cases summarised
LOOK_BACK = 500  # decided cases of the service compared
ADULT = 18


@dataclass(frozen=True)
class Inconsistency:
    code: str  # what kind of disagreement; the page says it in the officer's language
    field: str  # the form field
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class SimilarCases:
    compared: int
    approved: int
    rejected: int
    reasons: list[tuple[str, int]]  # the commonest rejection reasons, with how often


@dataclass(frozen=True)
class CaseHints:
    inconsistencies: list[Inconsistency]
    similar: SimilarCases
    id: Any = None  # the record


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _iin_problems(case: Case, name: str, value: str, extract: dict[str, Any]) -> list:
    found = []
    own = case.application.subject_iin
    if value == own and not name.startswith(("patient", "director")):
        found.append(Inconsistency("own_iin", name))
    if "child" in name:
        try:
            born = parse_iin(value).birth_date
        except InvalidIdentifier:
            return found
        if _age(born, timezone.localdate()) >= ADULT:
            found.append(Inconsistency("child_is_adult", name, {"born": born.isoformat()}))
        children = extract.get("population.person.children")
        if isinstance(children, list) and value not in {c.get("iin") for c in children}:
            found.append(Inconsistency("not_a_child_in_registry", name))
    return found


def inconsistencies(case: Case) -> list[Inconsistency]:
    """Where the case's form values disagree with its registry extract or with themselves."""
    found: list[Inconsistency] = []
    today = timezone.localdate()
    extract = case.registry_extract or {}
    born = _date(extract.get("population.person.birth_date"))
    for name, spec in case.service.form["properties"].items():
        value = case.data.get(name)
        if value in (None, ""):
            continue
        if spec.get("format") == "date" and (day := _date(value)):
            if name in PAST_DATES and day > today:
                found.append(Inconsistency("date_in_future", name, {"date": day.isoformat()}))
            if born and day < born and name != "child_birth_date":
                found.append(Inconsistency("date_before_birth", name, {"date": day.isoformat()}))
        if spec.get("format") == "iin":
            found.extend(_iin_problems(case, name, str(value), extract))
    address = extract.get("population.person.registered_address") or {}
    if case.data.get("new_address_rca") and case.data["new_address_rca"] == address.get("rca"):
        found.append(Inconsistency("same_address", "new_address_rca"))
    document = extract.get("population.person.identity_document") or {}
    expires = _date(document.get("expires_on"))
    if case.data.get("reason") == "expired" and expires and expires > today:
        found.append(Inconsistency("document_still_valid", "reason",
                                   {"expires_on": expires.isoformat()}))  # fmt: skip
    return found


def _features(case: Case) -> set[str]:
    """What makes two cases of a service alike: check outcomes, choices made, fields given."""
    features = {f"check:{c.get('name')}:{c.get('passed')}" for c in case.checks or []}
    for name, spec in case.service.form["properties"].items():
        value = case.data.get(name)
        if "enum" in spec or spec.get("type") == "boolean":
            features.add(f"{name}={value}")
        elif value not in (None, ""):
            features.add(f"{name}:given")
    return features


def similar_cases(case: Case) -> SimilarCases:
    """How the decided cases of the same service most like this one were decided."""
    mine = _features(case)
    earlier = (
        Case.objects.filter(
            service__service_id=case.service.service_id, status__in=DECIDED_CASE_STATUSES
        )
        .exclude(pk=case.pk)
        .select_related("service")
        .order_by("-decided_at")[:LOOK_BACK]
    )

    def likeness(other: Case) -> float:
        theirs = _features(other)
        return len(mine & theirs) / max(len(mine | theirs), 1)

    closest = sorted(earlier, key=likeness, reverse=True)[:SIMILAR]
    rejected = [c for c in closest if c.status == CaseStatus.REJECTED]
    reasons = Counter(" ".join(_reason(c).split())[:160] for c in rejected)
    return SimilarCases(
        compared=len(closest),
        approved=sum(c.status == CaseStatus.APPROVED for c in closest),
        rejected=len(rejected),
        reasons=reasons.most_common(2),
    )


def _reason(case: Case) -> str:
    """What a rejection was for, in the active language: its catalogue reasons when it has
    any (officers' own words are in whatever language they wrote)."""
    parts = case.reason_parts
    return as_text([part for part in parts if not is_written(part)] or parts, current_language())


def case_hints(*, case: Case, channel: str, officer: Any = None) -> CaseHints:
    """The hints for ``case``, recorded (codes and counts only) like every assistant output."""
    started = time.perf_counter()
    found = inconsistencies(case)
    similar = similar_cases(case)
    record = record_answer(
        kind=RecordKind.CASE_HINTS,
        text="",
        channel=channel,
        backend="case-hints",
        backend_version=VERSION,
        output={
            "inconsistencies": [{"code": i.code, "field": i.field} for i in found],
            "similar": {
                "compared": similar.compared,
                "approved": similar.approved,
                "rejected": similar.rejected,
            },
        },
        started=started,
        case_id=case.pk,
    )
    return CaseHints(inconsistencies=found, similar=similar, id=record.id)
