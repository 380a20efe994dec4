"""What the schema cannot say of a service's ``stages``: each stage's word used once, the first
stage the reviewers' (it prepares the decision, so no earlier officer to differ from), and an
officer's decision at the end (an automatic decision has nobody to sign off)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REVIEWER = "reviewer"


def stage_problems(data: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Each problem of ``data['stages']`` as (path, message); none without stages."""
    stages = data.get("stages") or []
    problems: list[tuple[list[Any], str]] = []
    seen: set[str] = set()
    for i, stage in enumerate(stages):
        if stage["stage"] in seen:
            problems.append((["stages", i, "stage"], f"{stage['stage']!r} is used twice"))
        seen.add(stage["stage"])
    if stages:
        first = stages[0]
        if first["role"] != REVIEWER:
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
        steps: Iterable[dict[str, Any]] = data.get("steps") or []
        last = list(steps)[-1:] or [{}]
        if last[0].get("kind") == "decision" and last[0].get("by") != "officer":
            problems.append((["stages"], "stages need an officer's decision: 'by: officer'"))
    return problems
