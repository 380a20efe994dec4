"""What the registries can say about a value is said on the step where it is typed.

A service's automatic check that refuses (``on_fail: reject``) and takes its inputs from the
form (an address code, a VIN, a cadastral number, a person's IIN) is about what the citizen
typed: the same check runs when the field is entered (the portal's details step, the chat's
question for the field, the API's draft update), and again at submission, where it still
rejects the case when a registry changed in between. Its ``failed`` message becomes the
field's problem, ``registry.check_failed``, on the input the check is about.

Two exceptions, where submission alone decides: checks about another *person* (an IIN typed:
whether someone is registered and alive) are not run on the step, so a draft cannot be used to
ask the population registry about people as often as one likes (at submission each question
costs an application an agency sees); and when a registry does not answer, the step goes on
without its check."""

from __future__ import annotations

import logging
from typing import Any

from qyzmet.applications.models import Application
from qyzmet.applications.relations import service_form_problems
from qyzmet.applications.services import applicable_services, save_draft
from qyzmet.applications.submission import run_checks
from qyzmet.applications.validation import FieldProblem
from qyzmet.catalog.models import ServiceVersion
from qyzmet.core.errors import DomainError, Invalid
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks

CHECK_FAILED = "registry.check_failed"
PERSON = "iin"  # the input of checks about another person: run at submission only

logger = logging.getLogger(__name__)


def _typed_field(step: dict[str, Any], checks: CheckRegistry) -> str:
    """The form field the check is about: its ``about`` input, else its first input."""
    inputs = step.get("inputs") or {}
    about = checks[step["check"]].about
    return str(inputs.get(about) or next(iter(inputs.values()), ""))


def checks_of_typed_values(
    service: ServiceVersion, checks: CheckRegistry = default_checks
) -> list[dict[str, Any]]:
    """The steps of ``service`` that check what is typed: refusing checks with form inputs."""
    return [
        step
        for step in service.steps
        if step["kind"] == "check"
        and step.get("on_fail", "review") == "reject"
        and step.get("inputs")
        and step["check"] in checks
        and checks[step["check"]].about != PERSON
    ]


def registry_problems(
    *,
    application: Application,
    service: ServiceVersion,
    values: Any,
    skip: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
    checks: CheckRegistry = default_checks,
) -> list[FieldProblem]:
    """The typed values of ``service``'s form the registries refuse, one problem per field.
    A check runs once the field it is about is filled in and not in ``skip`` (wrong already);
    with ``only``, just the checks taking one of those fields (the ones just typed)."""
    if not isinstance(values, dict):
        return []
    steps = []
    for step in checks_of_typed_values(service, checks):
        field = _typed_field(step, checks)
        if values.get(field) in (None, "") or field in skip:
            continue
        if only is not None and not only & set(step["inputs"].values()):
            continue
        steps.append(step)
    if not steps:
        return []
    try:
        outcomes = run_checks(
            application=application, service=service, subject=application.subject_iin,
            data=values, checks=checks, steps=steps,
        )  # fmt: skip
    except DomainError as unanswered:  # a registry down or refusing: submission checks again
        logger.warning("step checks of %s skipped: %s", service.slug, unanswered.code)
        return []
    problems: dict[str, FieldProblem] = {}
    for step, outcome in zip(steps, outcomes, strict=True):
        field = f"data.{service.slug}.{_typed_field(step, checks)}"
        if not outcome["passed"] and field not in problems:
            problems[field] = FieldProblem(field, CHECK_FAILED, {"reason": outcome["message"]})
    return list(problems.values())


def step_problems(
    *, application: Application, service: ServiceVersion, values: Any
) -> list[FieldProblem]:
    """Everything wrong with a form of ``service`` as the step that fills it shows it: what
    submission would refuse (``relations.service_form_problems``), then what the registries
    say about the values the form's checks take, for the fields not already wrong."""
    problems = service_form_problems(application=application, service=service, values=values)
    prefix = f"data.{service.slug}."
    wrong = frozenset(p.field.removeprefix(prefix).split(".")[0] for p in problems)
    return problems + registry_problems(
        application=application, service=service, values=values, skip=wrong
    )


def typed_value_problems(
    *, application: Application, services: list[ServiceVersion], data: Any
) -> list[FieldProblem]:
    """What the registries refuse among the values in ``data`` (``{service: {field: value}}``,
    what a channel is about to save into the draft), each checked with the draft's other values
    of that form."""
    if not isinstance(data, dict):
        return []
    problems = []
    for service in services:
        typed = data.get(service.slug)
        if not isinstance(typed, dict):
            continue
        values = {**application.data.get(service.slug, {}), **typed}
        problems += registry_problems(
            application=application, service=service, values=values, only=frozenset(typed)
        )
    return problems


def save_checked_draft(
    *,
    application: Application,
    citizen: Any,
    channel: str,
    answers: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Application:
    """Save answers and values into the draft (``services.save_draft``, kept even when wrong,
    as every channel keeps what was typed), then raise ``Invalid`` (``invalid_application``,
    with the fields) when the registries refuse a value of ``data``. The registries are asked
    once the values are in the draft: the exchange reads only about what an application
    names."""
    saved = save_draft(
        application=application, citizen=citizen, channel=channel, answers=answers, data=data
    )
    problems = typed_value_problems(
        application=saved, services=applicable_services(saved), data=data
    )
    if problems:
        raise Invalid("invalid_application", problems)
    return saved
