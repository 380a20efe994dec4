"""What the schema cannot say of a service's ``stages`` and ``escalation``: each stage's word
used once, the first stage the reviewers' (it prepares the decision, so no earlier officer to
differ from), an officers' stage naming its role and a consultation naming another known
agency (never the first stage nor the last: a decision is prepared before it and signed off
after it) and only fields of the form for it to read (``consult_fields``), and an officer's
decision at the end (an automatic decision has nobody to sign off or escalate to)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REVIEWER = "reviewer"
CONSULTATION_ONLY = ("term_days", "on_no_answer", "consult_fields")


def stage_problems(
    data: dict[str, Any], agencies: Iterable[Any] | None = None
) -> list[tuple[list[Any], str]]:
    """Each problem of ``data['stages']`` and ``data['escalation']`` as (path, message); none
    without them. ``agencies``: the known agencies' ids (unchecked when None)."""
    stages = data.get("stages") or []
    problems: list[tuple[list[Any], str]] = []
    seen: set[str] = set()
    for i, stage in enumerate(stages):
        if stage["stage"] in seen:
            problems.append((["stages", i, "stage"], f"{stage['stage']!r} is used twice"))
        seen.add(stage["stage"])
        problems.extend(_kind_problems(data, stage, i, len(stages), agencies))
    if stages:
        first = stages[0]
        if first.get("role", REVIEWER) != REVIEWER:
            problems.append(
                (["stages", 0, "role"], "the first stage prepares the decision: 'role: reviewer'")
            )
        if first.get("four_eyes"):
            problems.append(
                (
                    ["stages", 0, "four_eyes"],
                    "the first stage has no earlier officer to differ from",
                )
            )
    if (stages or data.get("escalation")) and not _officer_decides(data):
        where = "stages" if stages else "escalation"
        problems.append(([where], f"{where} need an officer's decision: 'by: officer'"))
    return problems


def _kind_problems(
    data: dict[str, Any], stage: dict[str, Any], i: int, count: int, agencies: Any
) -> list[tuple[list[Any], str]]:
    where = ["stages", i]
    consulted = stage.get("consult")
    if consulted is None:
        if "role" not in stage:
            return [(where, "names its 'role', or the agency it consults ('consult')")]
        return [
            ([*where, name], f"only a consultation ('consult') has {name!r}")
            for name in CONSULTATION_ONLY
            if name in stage
        ]
    problems = []
    if "role" in stage or "four_eyes" in stage:
        extra = "role" if "role" in stage else "four_eyes"
        problems.append(([*where, extra], "a consultation is answered by the consulted agency"))
    if "term_days" not in stage:
        problems.append((where, "a consultation needs its 'term_days' (1 to 30 working days)"))
    if i == 0:
        problems.append(
            ([*where, "consult"], "the first stage prepares the decision: no consultation")
        )
    elif i == count - 1:
        problems.append(
            ([*where, "consult"], "a consultation is followed by a stage that signs off")
        )
    problems.extend(_field_problems(data, stage, where))
    if consulted == data.get("agency"):
        problems.append(([*where, "consult"], f"{consulted!r} is the service's own agency"))
    elif agencies is not None and consulted not in agencies:
        problems.append(
            ([*where, "consult"], f"unknown agency {consulted!r} (not in agencies.yaml)")
        )
    return problems


def _field_problems(
    data: dict[str, Any], stage: dict[str, Any], where: list[Any]
) -> list[tuple[list[Any], str]]:
    fields = (data.get("form") or {}).get("properties") or {}
    return [
        ([*where, "consult_fields", j], f"{name!r} is not a field of the form (form.properties)")
        for j, name in enumerate(stage.get("consult_fields") or [])
        if isinstance(name, str) and name not in fields
    ]


def _officer_decides(data: dict[str, Any]) -> bool:
    steps: list[dict[str, Any]] = list(data.get("steps") or [])
    last = steps[-1] if steps else {}
    return last.get("kind") != "decision" or last.get("by") == "officer"
