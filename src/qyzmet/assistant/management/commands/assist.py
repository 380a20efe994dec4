"""``qyzmet assist "text" [--json]``: the life situations and services the assistant suggests
for the words given; ``qyzmet assist --jsonl`` reads lines ``{"text": ...}`` on standard input
and writes one answer line per input, in order."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qyzmet.assistant.ranking import Routing
from qyzmet.assistant.routing import route_request
from qyzmet.core.texts import pick

CHANNEL = "cli"


def answer_line(text: str, routing: Routing) -> dict[str, Any]:
    """One ``--jsonl`` answer: the text, its language, the suggestions best first."""
    return {
        "text": text,
        "language": routing.language,
        "suggestions": [s.as_json() for s in routing.suggestions],
    }


class Command(BaseCommand):
    help = 'Suggest life situations and services for words: `assist "text" [--json]`, or ' \
        '`assist --jsonl` reading {"text": ...} lines on standard input.'  # fmt: skip

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("text", nargs="?", help="What the citizen wrote.")
        parser.add_argument("--json", action="store_true", help="Print the answer as JSON.")
        parser.add_argument(
            "--jsonl", action="store_true",
            help='Read {"text": ...} lines on standard input, write one answer line each.',
        )  # fmt: skip
        parser.add_argument("--language", choices=("kk", "ru", "en"), help="The reply language.")

    def handle(self, *args: Any, text: str | None, **options: Any) -> None:
        hint = options["language"]
        if options["jsonl"]:
            if text:
                raise CommandError("--jsonl reads the texts from standard input")
            self._lines(hint)
            return
        if not text or not text.strip():
            raise CommandError('give the text: qyzmet assist "I lost my ID card"')
        routing = route_request(text=text, channel=CHANNEL, language_hint=hint)
        if options["json"]:
            data = {
                **answer_line(text, routing),
                "confidence": routing.confidence,
                "status": routing.status,
                "question": routing.question,
                "backend": routing.backend,
                "record": str(routing.id),
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._print(routing, hint)

    def _lines(self, hint: str | None) -> None:
        for number, line in enumerate(sys.stdin, start=1):
            try:
                text = json.loads(line)["text"]
                if not isinstance(text, str) or not text.strip():
                    raise TypeError
            except (ValueError, KeyError, TypeError):  # answered in its place, order kept
                error = {"text": None, "error": f'line {number}: expected {{"text": "..."}}'}
                self.stdout.write(json.dumps(error))
                continue
            routing = route_request(text=text, channel=CHANNEL, language_hint=hint)
            self.stdout.write(json.dumps(answer_line(text, routing), ensure_ascii=False))
            self.stdout.flush()

    def _print(self, routing: Routing, hint: str | None) -> None:
        language = hint or (routing.language if routing.language in ("kk", "ru", "en") else "en")
        self.stdout.write(
            f"language {routing.language or '?'} · {routing.status} · confidence "
            f"{routing.confidence:.2f} · {routing.backend}"
        )
        for number, suggestion in enumerate(routing.suggestions, start=1):
            title = pick(suggestion.title, language)
            self.stdout.write(
                f"{number}. {suggestion.score:.3f}  {suggestion.kind}:{suggestion.id}  {title}"
            )
        if routing.question:
            self.stdout.write(routing.question)
