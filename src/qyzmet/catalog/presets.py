"""Validating a life situation's pre-set answers (``applications/presets.py``): a question
``answered_by`` a registry fact that exists, answers its kind of question, and reads only what
the services the question decides declare; a service's ``preset`` values that are possible
values of existing form fields, and an ``answer`` that names a question the service's ``when``
depends on (the earlier answer the value follows from)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator

from qyzmet.catalog.documents import Document, Problem
from qyzmet.catalog.schema import field_path
from qyzmet.registries.answers import AnswerRegistry
from qyzmet.registries.answers import answers as default_answers


def _question_problems(
    data: dict[str, Any], registry_data: dict[str, set[str]], answers: AnswerRegistry
) -> Iterable[tuple[list[Any], str]]:
    for i, question in enumerate(data["questions"]):
        name = (question.get("answered_by") or {}).get("fact")
        if name is None:
            continue
        where = ["questions", i, "answered_by", "fact"]
        if name not in answers:
            yield where, f"unknown registry fact {name!r} (known: {', '.join(answers.names())})"
            continue
        fact = answers[name]
        if fact.kind != question["kind"]:
            yield where, f"{name!r} answers a {fact.kind} question, not a {question['kind']} one"
        decided = [
            e["service"] for e in data["services"] if question["id"] in (e.get("when") or {})
        ]
        declared = set().union(*(registry_data.get(slug, set()) for slug in decided))
        for path in fact.reads:
            if path not in declared:
                yield (
                    where,
                    (
                        f"reads {path!r}, which no service this question decides declares in "
                        "registry_data"
                    ),
                )


def _value_problems(
    data: dict[str, Any], forms: dict[str, dict[str, Any]]
) -> Iterable[tuple[list[Any], str]]:
    for i, entry in enumerate(data["services"]):
        form = forms.get(entry["service"])
        if form is None:
            continue  # an unknown service is said already
        properties = form.get("properties") or {}
        for field, spec in (entry.get("preset") or {}).items():
            where = ["services", i, "preset", field]
            if field not in properties:
                yield where, f"names {field!r}, which is not a field of {entry['service']!r}"
                continue
            if list(Draft202012Validator(properties[field]).iter_errors(spec["value"])):
                yield [*where, "value"], f"{spec['value']!r} is not a possible value of {field!r}"
            said = spec.get("answer")
            if said is not None and said not in (entry.get("when") or {}):
                yield [*where, "answer"], f"names {said!r}, which is not in this entry's 'when'"


def preset_problems(
    doc: Document,
    forms: dict[str, dict[str, Any]],
    registry_data: dict[str, set[str]],
    answers: AnswerRegistry = default_answers,
) -> list[Problem]:
    """The problems of the pre-set answers and values of a life situation ``doc``."""
    found = [
        *_question_problems(doc.data, registry_data, answers),
        *_value_problems(doc.data, forms),
    ]
    return [Problem(doc.file, field_path(path), message) for path, message in found]
