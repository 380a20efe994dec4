"""Validating a catalogue: the schema of each file, then what the schema cannot say (known
agencies, registry fields and checks; a form that is itself valid JSON Schema; every IIN field
with a rule tying that person to the applicant (``person_rules.py``); conditions
that name real questions and answers; offer rules, in ``offer_rules.py``; ids unique and
matching file names). Warnings (``catalog_warnings``) point out what works but reads badly to
citizens, e.g. a question without its own error text; they do not stop loading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from qyzmet.catalog.centres import centre_problems, unserved_visit_problems
from qyzmet.catalog.documents import Catalog, Document, Kind, Problem, read_catalog
from qyzmet.catalog.fees import exemption_problems
from qyzmet.catalog.offer_rules import offer_rule_problems
from qyzmet.catalog.person_rules import rule_problems
from qyzmet.catalog.presets import preset_problems
from qyzmet.catalog.schema import field_path, schema_problems
from qyzmet.catalog.stages import stage_problems
from qyzmet.core.identifiers import InvalidIdentifier, validate_bin
from qyzmet.registries.checks import CheckRegistry
from qyzmet.registries.checks import checks as default_checks
from qyzmet.registries.fields import field_paths

FORMATS = {"date", "email", "iin", "bin"}


class _Context:
    def __init__(self, documents: list[Document], checks: CheckRegistry) -> None:
        self.agencies = {
            agency.get("id")
            for d in documents
            if d.kind == Kind.AGENCIES and isinstance(d.data, dict)
            for agency in d.data.get("agencies") or []
            if isinstance(agency, dict)
        }
        self.services = {d.id for d in documents if d.kind == Kind.SERVICE}
        self.applicants = {
            d.id: d.data.get("applicant", "person")
            for d in documents
            if d.kind == Kind.SERVICE and isinstance(d.data, dict)
        }
        self.checks = checks
        self.forms = {
            d.id: d.data.get("form") or {}
            for d in documents
            if d.kind == Kind.SERVICE and isinstance(d.data, dict)
        }
        self.registry_data = {
            d.id: set(d.data.get("registry_data") or [])
            for d in documents
            if d.kind == Kind.SERVICE and isinstance(d.data, dict)
        }


def _service_problems(doc: Document, context: _Context) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []

    def problem(path: Iterable[Any], message: str) -> None:
        problems.append(Problem(doc.file, field_path(path), message))

    if data["agency"] not in context.agencies:
        problem(["agency"], f"unknown agency {data['agency']!r} (not in agencies.yaml)")
    declared = data.get("registry_data", [])
    for i, path in enumerate(declared):
        if path not in field_paths():
            problem(["registry_data", i], f"unknown registry field {path!r}")
        elif path.split(".")[1] == "business" and data.get("applicant") != "company":
            problem(["registry_data", i], f"{path!r} is a company's: needs 'applicant: company'")
    form = data["form"]
    try:
        Draft202012Validator.check_schema(form)
    except SchemaError as error:
        problem(["form", *error.absolute_path], f"is not valid JSON Schema: {error.message}")
    properties = form["properties"]
    order = form["x-order"]
    for name in sorted(set(properties) - set(order)):
        problem(["form", "x-order"], f"does not list field {name!r}")
    for i, name in enumerate(order):
        if name not in properties:
            problem(["form", "x-order", i], f"names {name!r}, which is not a field of the form")
    for i, name in enumerate(form.get("required", [])):
        if name not in properties:
            problem(["form", "required", i], f"names {name!r}, which is not a field of the form")
    for name, spec in properties.items():
        where = ["form", "properties", name]
        prefill = spec.get("x-prefill")
        if prefill is not None and prefill not in declared:
            problem([*where, "x-prefill"], f"{prefill!r} is not declared in registry_data")
        if "x-enum-labels" in spec and len(spec["x-enum-labels"]) != len(spec.get("enum", [])):
            problem([*where, "x-enum-labels"], "must have one label per value of 'enum'")
        if spec.get("format") is not None and spec["format"] not in FORMATS:
            problem([*where, "format"], f"unknown format {spec['format']!r}")
        if "x-date" in spec and spec.get("format") != "date":
            problem([*where, "x-date"], "is only for a field with 'format: date'")
    for path, message in rule_problems(form):
        problem(path, message)
    seen: set[str] = set()
    for i, attachment in enumerate(data.get("attachments", [])):
        if attachment["id"] in seen:
            problem(["attachments", i, "id"], f"{attachment['id']!r} is used twice")
        seen.add(attachment["id"])
    steps = data["steps"]
    decisions = [i for i, step in enumerate(steps) if step["kind"] == "decision"]
    if decisions != [len(steps) - 1]:
        problem(["steps"], "must end with exactly one step of kind 'decision'")
    elif steps[-1]["by"] == "automatic" and any(s["kind"] == "review" for s in steps):
        problem(["steps", len(steps) - 1, "by"], "an officer review needs 'by: officer'")
    for i, step in enumerate(steps):
        if step["kind"] != "check":
            continue
        name = step["check"]
        if name not in context.checks:
            problem(["steps", i, "check"], f"unknown check {name!r}")
            continue
        inputs = step.get("inputs", {})
        expected = set(context.checks[name].inputs)
        for missing in sorted(expected - set(inputs)):
            problem(["steps", i, "inputs"], f"check {name!r} needs input {missing!r}")
        for extra in sorted(set(inputs) - expected):
            problem(["steps", i, "inputs", extra], f"check {name!r} takes no input {extra!r}")
        for argument, field_name in inputs.items():
            if field_name not in properties:
                problem(
                    ["steps", i, "inputs", argument],
                    f"names {field_name!r}, which is not a field of the form",
                )
    for path, message in stage_problems(data, context.agencies):
        problem(path, message)
    problems.extend(exemption_problems(doc.file, data))
    return problems


def _life_situation_problems(doc: Document, context: _Context) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []

    def problem(path: Iterable[Any], message: str) -> None:
        problems.append(Problem(doc.file, field_path(path), message))

    applicants = {context.applicants.get(entry["service"]) for entry in data["services"]}
    if len(applicants - {None}) > 1:
        problem(["services"], "mixes services for people and for companies (applicant)")
    questions: dict[str, dict[str, Any]] = {}
    for i, question in enumerate(data["questions"]):
        if question["id"] in questions:
            problem(["questions", i, "id"], f"repeats question id {question['id']!r}")
        questions[question["id"]] = question
    for i, entry in enumerate(data["services"]):
        if entry["service"] not in context.services:
            problem(["services", i, "service"], f"unknown service {entry['service']!r}")
        for question_id, expected in (entry.get("when") or {}).items():
            where = ["services", i, "when", question_id]
            question = questions.get(question_id)
            if question is None:
                problem(where, f"names {question_id!r}, which is not one of the questions")
                continue
            answers = expected if isinstance(expected, list) else [expected]
            if question["kind"] == "boolean":
                allowed: set[Any] = {True, False}
            else:
                allowed = {option["value"] for option in question["options"]}
            for answer in answers:
                if answer not in allowed or isinstance(answer, bool) != (
                    question["kind"] == "boolean"
                ):
                    problem(where, f"{answer!r} is not a possible answer to {question_id!r}")
    problems.extend(preset_problems(doc, context.forms, context.registry_data))
    return problems


def _agency_problems(doc: Document) -> list[Problem]:
    """A BIN that is no BIN (its check digit, month or entity type); an appeals body that is
    no agency of the file."""
    problems = []
    known = {agency.get("id") for agency in doc.data["agencies"]}
    for i, agency in enumerate(doc.data["agencies"]):
        body = (agency.get("appeals") or {}).get("decided_by")
        if body and body not in known:
            where = field_path(["agencies", i, "appeals", "decided_by"])
            problems.append(Problem(doc.file, where, f"unknown agency {body!r} decides appeals"))
        if not agency.get("bin"):
            continue
        try:
            validate_bin(agency["bin"])
        except InvalidIdentifier as wrong:
            where = field_path(["agencies", i, "bin"])
            problems.append(Problem(doc.file, where, f"is not a BIN ({wrong.problem.value})"))
    return problems


def _duplicate_problems(documents: list[Document]) -> list[Problem]:
    single = (Kind.AGENCIES, Kind.SERVICE_CENTRES)  # one file each, holding many
    counts = Counter((d.kind, d.id) for d in documents if d.kind not in single)
    return [
        Problem(d.file, "id", f"{d.id!r} is used by more than one {d.kind} file")
        for d in documents
        if d.kind not in single and counts[(d.kind, d.id)] > 1
    ]


def validate_catalog(
    catalog: Catalog,
    *,
    context: Catalog | None = None,
    checks: CheckRegistry | None = None,
) -> list[Problem]:
    """Every problem in ``catalog``. References (agencies, services) resolve against
    ``catalog`` plus ``context``, usually the whole catalogue folder."""
    given = {d.file for d in catalog.documents}
    ids = {(d.kind, d.id) for d in catalog.documents}
    background = [
        d
        for d in (context.documents if context else [])
        if d.file not in given and (d.kind, d.id) not in ids
    ]
    problems = list(catalog.problems) + _duplicate_problems(catalog.documents)
    valid: list[Document] = []
    for doc in catalog.documents:
        found = schema_problems(doc)
        problems.extend(found)
        if not found:
            valid.append(doc)
    ctx = _Context(valid + background, checks or default_checks)
    for doc in valid:
        named = doc.kind not in (Kind.AGENCIES, Kind.SERVICE_CENTRES)
        if named and Path(doc.file).stem != doc.id:
            problems.append(Problem(doc.file, "id", f"{doc.id!r} must match the file name"))
        if doc.kind == Kind.SERVICE:
            problems.extend(_service_problems(doc, ctx))
        elif doc.kind == Kind.LIFE_SITUATION:
            problems.extend(_life_situation_problems(doc, ctx))
        elif doc.kind == Kind.OFFER_RULE:
            problems.extend(offer_rule_problems(doc, valid + background))
        elif doc.kind == Kind.AGENCIES:
            problems.extend(_agency_problems(doc))
        elif doc.kind == Kind.SERVICE_CENTRES:
            problems.extend(centre_problems(doc, valid + background))
    problems.extend(unserved_visit_problems(valid + background))
    return problems


def _question_warnings(doc: Document) -> list[Problem]:
    fallback = {  # what is read instead (question.boolean/.choice), and how to say it better
        "boolean": ("Select yes or no", "Select whether you ..."),
        "choice": ("Select one of the options", "Select the ..."),
    }
    return [
        Problem(
            doc.file,
            field_path(["questions", i, "error"]),
            f"question {question['id']!r} has no error text: who leaves it unanswered reads "
            "only {!r}; say what to select ({!r})".format(*fallback[question["kind"]]),
        )
        for i, question in enumerate(doc.data["questions"])
        if not question.get("error")
    ]


def catalog_warnings(catalog: Catalog) -> list[Problem]:
    """What a valid catalogue would better say otherwise (loading goes on): questions of a
    life situation without their own ``error`` text. Files with problems are skipped."""
    warnings: list[Problem] = []
    for doc in catalog.of_kind(Kind.LIFE_SITUATION):
        if not schema_problems(doc):
            warnings.extend(_question_warnings(doc))
    return warnings


def read_and_validate(paths: list[Path], *, catalog_dir: Path) -> tuple[Catalog, list[Problem]]:
    """Read ``paths`` (the whole catalogue folder when empty) and validate them."""
    catalog = read_catalog(paths or [catalog_dir])
    context = read_catalog([catalog_dir]) if paths and catalog_dir.is_dir() else None
    return catalog, validate_catalog(catalog, context=context)
