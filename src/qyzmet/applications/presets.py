"""Answers the state already has are pre-set, not asked, and shown as such.

Two kinds, both declared in the life situation's catalogue file (``docs/catalogue.md``):

- a question ``answered_by`` a registry fact (``registries/answers.py``) is answered from the
  draft's pre-fill when the registry knows (``preset_answers``); the citizen sees what the
  registry says instead of the question, and may still change the answer (it decides whether a
  service is applied for, which is the citizen's choice);
- a service's form fields the life situation ``preset``s (the reason "moved" for a polyclinic
  when moving, "lost" for an ID card after "Did you lose your ID card? Yes") are filled in
  when the service applies and the field is still empty (``preset_values``); the citizen sees
  why, and may change them (lost → stolen).

Defaults, not orders: what the caller answered or typed stands (decision 0050), and the answers
and values are the application's like any other, validated at submission like any other. Every
channel (the portal, the chat, the API's drafts and one-call submissions, GovStack) applies them
through ``apply_presets``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qyzmet.core.texts import Text, pick
from qyzmet.registries.answers import AnswerRegistry
from qyzmet.registries.answers import answers as default_answers

YES_NO: dict[bool, Text] = {
    True: {"kk": "Иә", "ru": "Да", "en": "Yes"},
    False: {"kk": "Жоқ", "ru": "Нет", "en": "No"},
}
SAID: Text = {
    "kk": "Сіздің жауабыңыздан: «{question}» — {answer}",
    "ru": "Из вашего ответа: «{question}» — {answer}",
    "en": "From your answer: “{question}” — {answer}",
}
SITUATION: Text = {
    "kk": "«{title}» өмірлік жағдайы бойынша",
    "ru": "По жизненной ситуации «{title}»",
    "en": "Because you are applying for “{title}”",
}


@dataclass(frozen=True)
class Preset:
    """A pre-set answer or value and what the citizen is shown about where it came from."""

    value: Any
    says: Text


def preset_answers(
    questions: list[dict[str, Any]],
    prefill: dict[str, Any],
    registry: AnswerRegistry = default_answers,
) -> dict[str, Preset]:
    """The questions the registries answer, from a draft's ``prefill``: id → preset."""
    found = {}
    for question in questions:
        fact_name = str((question.get("answered_by") or {}).get("fact", ""))
        if fact_name not in registry:
            continue
        fact = registry[fact_name]
        if fact.known(prefill):
            found[question["id"]] = Preset(fact.answer(prefill), fact.says(prefill))
    return found


def fact_reads(
    definition: dict[str, Any],
    answers: dict[str, Any],
    registry: AnswerRegistry = default_answers,
) -> tuple[list[str], set[str]]:
    """What it takes to answer the questions of a life situation (its catalogue
    ``definition``) that ``answers`` leaves open and registry facts answer: the services those
    questions decide, and the registry fields the facts read (which those services declare)."""
    paths: set[str] = set()
    open_questions = set()
    for question in definition["questions"]:
        fact_name = str((question.get("answered_by") or {}).get("fact", ""))
        if fact_name in registry and answers.get(question["id"]) is None:
            paths.update(registry[fact_name].reads)
            open_questions.add(question["id"])
    decided = [
        entry["service"]
        for entry in definition["services"]
        if open_questions & set(entry.get("when") or {})
    ]
    return decided, paths


def with_preset_answers(
    questions: list[dict[str, Any]],
    prefill: dict[str, Any],
    answers: dict[str, Any] | None,
    registry: AnswerRegistry = default_answers,
) -> dict[str, Any]:
    """``answers`` with the questions they leave open (missing or null) that the registries
    answer from ``prefill`` answered; a given answer stands."""
    given = {question: answer for question, answer in (answers or {}).items() if answer is not None}
    known = preset_answers(questions, prefill, registry)
    return {**{question: preset.value for question, preset in known.items()}, **given}


def _applies(entry: dict[str, Any], answers: dict[str, Any]) -> bool:
    return all(
        answers.get(question) in (expected if isinstance(expected, list) else [expected])
        for question, expected in (entry.get("when") or {}).items()
    )


def _said(situation: dict[str, Any], question_id: str, answers: dict[str, Any]) -> Text:
    question = next(q for q in situation["questions"] if q["id"] == question_id)
    answer = answers.get(question_id)
    if isinstance(answer, bool):
        words = YES_NO[answer]
    else:
        options = {o["value"]: o["label"] for o in question.get("options", [])}
        words = options.get(answer) or {lang: str(answer) for lang in SAID}
    return {
        lang: text.format(question=pick(question["text"], lang), answer=pick(words, lang))
        for lang, text in SAID.items()
    }


def preset_values(situation: dict[str, Any], answers: dict[str, Any]) -> dict[str, dict]:
    """The form values the life situation (its catalogue ``definition``) pre-sets for the
    services these ``answers`` select: service → field → preset."""
    found: dict[str, dict[str, Preset]] = {}
    for entry in situation["services"]:
        if not entry.get("preset") or not _applies(entry, answers):
            continue
        for field, spec in entry["preset"].items():
            if spec.get("answer"):
                says = _said(situation, spec["answer"], answers)
            else:
                says = {
                    lang: text.format(title=pick(situation["title"], lang))
                    for lang, text in SITUATION.items()
                }
            found.setdefault(entry["service"], {})[field] = Preset(spec["value"], says)
    return found


def with_presets(
    situation: dict[str, Any], answers: dict[str, Any], data: dict[str, Any]
) -> dict[str, Any]:
    """``data`` (a draft's form values) with the preset values filled into empty fields."""
    filled = dict(data)
    for slug, fields in preset_values(situation, answers).items():
        current = filled.get(slug)
        if current is not None and not isinstance(current, dict):
            continue
        values = dict(current or {})
        for name, preset in fields.items():
            if values.get(name) in (None, ""):
                values[name] = preset.value
        filled[slug] = values
    return filled


def apply_presets(
    situation: Any,
    *,
    prefill: dict[str, Any],
    answers: dict[str, Any] | None,
    data: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answers and form values of an application for the life situation ``situation`` (a
    ``LifeSituationVersion``) with what the state already has pre-set where the caller left
    them open: the questions the registries answer from ``prefill``, then the values the life
    situation presets for the services those answers select."""
    answers = with_preset_answers(situation.questions, prefill, answers)
    return answers, with_presets(situation.definition, answers, data)
