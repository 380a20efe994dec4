"""Reading catalogue files: YAML documents with their kind and where they came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml


class Kind(StrEnum):
    AGENCIES = "agencies"
    SERVICE = "service"
    LIFE_SITUATION = "life-situation"
    OFFER_RULE = "offer-rule"
    SERVICE_CENTRES = "service-centres"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue file: which file, where in it, and what."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


@dataclass
class Document:
    kind: Kind
    file: str
    data: Any

    @property
    def id(self) -> str:
        return str(self.data.get("id", "")) if isinstance(self.data, dict) else ""


@dataclass
class Catalog:
    """The documents read from a set of files, and what was wrong while reading them."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]


def _kind_of(path: Path, data: Any) -> Kind | None:
    if path.name == "agencies.yaml":
        return Kind.AGENCIES
    if path.name == "service-centres.yaml":
        return Kind.SERVICE_CENTRES
    if path.parent.name == "services":
        return Kind.SERVICE
    if path.parent.name == "life-situations":
        return Kind.LIFE_SITUATION
    if path.parent.name == "offers":
        return Kind.OFFER_RULE
    if isinstance(data, dict):
        if "agencies" in data:
            return Kind.AGENCIES
        if "service_centres" in data:
            return Kind.SERVICE_CENTRES
        if "agency" in data:
            return Kind.SERVICE
        if "questions" in data:
            return Kind.LIFE_SITUATION
        if "event" in data:
            return Kind.OFFER_RULE
    return None


def catalog_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named by ``paths``, folders expanded, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yaml") if p.is_file()))
        else:
            files.append(path)
    return files


def display_name(path: Path) -> str:
    """The path as a person would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_file(path: Path) -> Document | Problem:
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Problem(name, "", "no such file")
    except (OSError, UnicodeDecodeError) as error:
        return Problem(name, "", f"cannot be read: {error}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        return Problem(name, where, f"is not valid YAML: {reason}")
    kind = _kind_of(path, data)
    if kind is None:
        return Problem(
            name,
            "",
            "is neither agencies.yaml, service-centres.yaml, a service (in services/), a life "
            "situation (in life-situations/) nor an offer rule (in offers/)",
        )
    return Document(kind=kind, file=name, data=data)


def read_catalog(paths: Iterable[Path]) -> Catalog:
    catalog = Catalog()
    for path in catalog_files(paths):
        result = read_file(path)
        if isinstance(result, Problem):
            catalog.problems.append(result)
        else:
            catalog.documents.append(result)
    return catalog
