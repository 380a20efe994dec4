"""The schema of the catalogue format (JSON Schema files in ``schema/``) and problems found
by it, each with the path of the field in error."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from qyzmet.catalog.documents import Document, Kind, Problem

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
_FILES = {
    Kind.AGENCIES: "agencies.json",
    Kind.SERVICE: "service.json",
    Kind.LIFE_SITUATION: "life-situation.json",
    Kind.OFFER_RULE: "offer-rule.json",
    Kind.SERVICE_CENTRES: "service-centres.json",
}


@cache
def _registry() -> Registry:
    registry: Registry = Registry()
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    return registry


@cache
def validator(kind: Kind) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / _FILES[kind]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


def field_path(parts: Iterable[Any]) -> str:
    """``steps[0].inputs.rca`` from ``["steps", 0, "inputs", "rca"]``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _deepest(error: ValidationError) -> ValidationError:
    # For if/then and allOf the most specific error sits in the context.
    while error.context:
        error = min(error.context, key=lambda e: (-len(e.absolute_path), str(e.message)))
    return error


def schema_problems(document: Document) -> list[Problem]:
    errors = sorted(
        validator(document.kind).iter_errors(document.data),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    errors = [_deepest(e) for e in errors]
    # A failed branch leaves its properties "unevaluated": say only the real cause.
    errors = [
        e
        for e in errors
        if e.validator != "unevaluatedProperties"
        or not any(
            other is not e
            and list(other.absolute_path)[: len(e.absolute_path)] == list(e.absolute_path)
            for other in errors
        )
    ]
    return [
        Problem(document.file, field_path(e.absolute_path) or "(top level)", e.message)
        for e in errors
    ]
