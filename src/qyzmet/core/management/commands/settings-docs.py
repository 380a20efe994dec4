"""``qyzmet settings-docs``: write the table of settings from ``qyzmet.conf``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet import conf


class Command(BaseCommand):
    help = "Write docs/settings.md from the settings defined in qyzmet.conf."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default="docs/settings.md", help="File to write.")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        Path(output).write_text(conf.markdown_table(), encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
