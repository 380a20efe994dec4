"""``qyzmet registries generate``: (re)generate the synthetic state registries."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from qyzmet.core.progress import Progress
from qyzmet.registries.generator import generate_registries


class Command(BaseCommand):
    help = "Generate the synthetic registries (replaces what is there; same seed, same data)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        generate = actions.add_parser("generate", help="Replace the registries' data.")
        generate.add_argument("--people", type=int, default=20_000, help="How many people.")
        generate.add_argument("--seed", type=int, default=2026, help="Seed of the generator.")

    def handle(self, *args: Any, people: int, seed: int, **options: Any) -> None:
        started = time.perf_counter()
        counts = generate_registries(people=people, seed=seed, progress=Progress())
        seconds = time.perf_counter() - started
        for table, count in counts.items():
            self.stdout.write(f"{table:<20} {count:>10,}")
        self.stdout.write(f"Generated in {seconds:.1f} s")
