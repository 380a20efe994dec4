"""``qyzmet openapi``: write the OpenAPI document of the JSON API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.api.api import api


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ (committed as docs/openapi.json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default="docs/openapi.json", help="File to write.")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        text = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
