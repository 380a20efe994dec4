"""``qyzmet assistant report [--days N] [--json]``: how the assistant did in real use;
``qyzmet assistant index``: prepare the assistant for the current catalogue (embed it);
``qyzmet assistant purge``: delete records older than the retention setting (run daily)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.assistant.backends import configured
from qyzmet.assistant.indexing import index_catalogue
from qyzmet.assistant.records import purge_records
from qyzmet.assistant.report import Accuracy, Report, assistant_report


class Command(BaseCommand):
    help = "The assistant: `report` (accuracy in real use), `index`, `purge`."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        report = actions.add_parser(
            "report", help="Suggested vs applied for, per language and per life situation or "
            "service, over the last days.",
        )  # fmt: skip
        report.add_argument("--days", type=int, default=30, help="Days to cover (default 30).")
        report.add_argument("--json", action="store_true", help="Print the report as JSON.")
        actions.add_parser("index", help="Embed the current catalogue for the model (slow).")
        actions.add_parser("purge", help="Delete records older than the retention setting.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "purge":
            self.stdout.write(f"Deleted {purge_records()} assistant record(s).")
        elif action == "index":
            digest = index_catalogue()
            backend = configured()
            self.stdout.write(f"Catalogue {digest[:12]} is indexed; answering: {backend.version}")
        else:
            report = assistant_report(days=options["days"])
            if options["json"]:
                self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            else:
                self._print(report)

    def _print(self, report: Report) -> None:
        write = self.stdout.write
        write(f"Assistant, {report.since:%Y-%m-%d} to {report.until:%Y-%m-%d}")
        write(f"  answers: {report.answers}; followed by an application: {report.followed}")
        write(f"  statuses: {_counts(report.statuses)}")
        write(f"  channels: {_counts(report.channels)}")
        write(f"  backends: {_counts(report.backends)}; answered by a fallback: {report.fallbacks}")
        write(f"  officers' case hints: {report.hints}; pre-fill suggestions: {report.prefills}")
        for title, rows in (
            ("language", report.by_language),
            ("channel", report.by_channel),
            ("applied for", report.by_target),
        ):
            write("")
            write(f"  {title:<44} answers  top-1   top-3")
            for row in rows:
                write(_row(row))
        if not report.followed:
            write("  (no answer was followed by an application yet)")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


def _row(row: Accuracy) -> str:
    return f"  {row.group:<44} {row.answers:>7} {row.top1_share:>6.0%} {row.top3_share:>7.0%}"
