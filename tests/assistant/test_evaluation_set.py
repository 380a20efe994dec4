"""The labelled requests the assistant is measured on are sound: enough of them in each
language, answers that exist in the catalogue, and a held-out part that the catalogue's
example phrasings do not give away."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from qyzmet.assistant.text import fold

BENCH = Path(__file__).resolve().parents[2] / "bench" / "assistant"


def requests(part: str) -> list[dict]:
    lines = (BENCH / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def phrasings() -> set[str]:
    found = set()
    for path in Path(settings.CATALOG_DIR).glob("*/*.yaml"):
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        for phrases in definition.get("phrasings", {}).values():
            found.update(" ".join(fold(p).split()) for p in phrases)
    return found


def targets() -> set[str]:
    folder = Path(settings.CATALOG_DIR)
    return {f"life_situation:{p.stem}" for p in (folder / "life-situations").glob("*.yaml")} | {
        f"service:{p.stem}" for p in (folder / "services").glob("*.yaml")
    }


def test_there_are_at_least_400_requests_and_80_per_language_held_out():
    tuning, held_out = requests("tuning"), requests("held-out")
    assert len(tuning) + len(held_out) >= 400
    languages = Counter(r["language"] for r in held_out)
    assert min(languages["kk"], languages["ru"], languages["en"]) >= 80
    tags = Counter(t for r in held_out for t in r["tags"])
    assert min(tags["typo"], tags["latin"], tags["mixed"], tags["long"], tags["official"]) >= 5


@pytest.mark.parametrize("part", ["tuning", "held-out"])
def test_every_expected_answer_is_in_the_catalogue(part):
    assert {r["expected"] for r in requests(part)} <= targets()


def test_held_out_requests_are_not_copies_of_the_catalogues_phrasings_or_of_tuning():
    known = phrasings() | {" ".join(fold(r["text"]).split()) for r in requests("tuning")}
    copies = [r["text"] for r in requests("held-out") if " ".join(fold(r["text"]).split()) in known]
    assert copies == []
