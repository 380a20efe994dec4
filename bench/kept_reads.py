"""What the hot reads cost the process: compiled by Django each time (the querysets they were)
against kept (``core.selects.kept_select``, decision 84), alternated in one process.

    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/profile_submission.py --rounds 3
    QYZMET_VAR_DIR=/tmp/prof-var .venv/bin/python bench/kept_reads.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prof ... (the same two)

Needs the database ``profile_submission.py`` prepared (registries, citizens with tokens).
Reads, for ``--people`` people of the registry in turn: the person with their address, spouse
and parents (``find_person``), a mother's living children, a person's latest identity
document; and the user of each citizen's token. Prints CPU ms per read, each round's and the
median of each way, and checks that both ways read the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import in_one_process, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8, help="Alternations of both ways.")
    parser.add_argument("--people", type=int, default=200, help="People read a round.")
    args = parser.parse_args()
    in_one_process()
    setup_django()
    from django.db import connection

    from qyzmet.accounts.models import ApiToken, User
    from qyzmet.accounts.services import user_for_token
    from qyzmet.registries import fields
    from qyzmet.registries.models import IdentityDocument, Person

    state = Path(os.environ["QYZMET_VAR_DIR"]) / f"profile-citizens-{connection.vendor}.json"
    if not state.exists():
        print("No citizens: run bench/profile_submission.py first on this database.")
        return 1
    tokens = [citizen["token"] for citizen in json.loads(state.read_text())["citizens"]]
    people = list(Person.objects.order_by("pk")[: args.people])
    iins = [person.iin for person in people]
    keys = [person.pk for person in people]

    def by_django() -> list[Any]:
        people_with = Person.objects.select_related(*fields.RELATIONS)
        users = User.objects.filter(is_active=True)
        documents = IdentityDocument.objects.exclude(kind="birth-certificate").order_by(
            "-issued_on"
        )
        return [
            [list(people_with.filter(iin=iin)[:1]) for iin in iins],
            [list(Person.objects.filter(mother=key, death_date__isnull=True)) for key in keys],
            [list(documents.filter(person=key, status="valid")[:1]) for key in keys],
            [list(users.filter(api_tokens__digest=ApiToken.digest_of(t))[:1]) for t in tokens],
        ]  # fmt: skip

    def kept() -> list[Any]:
        return [
            [[fields.find_person(iin)] for iin in iins],
            [fields._living_children_of_mother(key) for key in keys],
            [fields._valid_identity_documents(key) for key in keys],
            [[user_for_token(t)] for t in tokens],
        ]

    def pks(reads: list[Any]) -> list[Any]:
        return [[[row.pk for row in rows if row] for rows in kind] for kind in reads]

    if pks(by_django()) != pks(kept()):
        print("The two ways read different rows.")
        return 1
    reads = 3 * len(iins) + len(tokens)
    times: dict[str, list[float]] = {"Django": [], "kept": []}
    ways: dict[str, Callable[[], Any]] = {"Django": by_django, "kept": kept}
    for number in range(args.rounds):
        for name, way in ways.items():
            started = time.process_time()
            way()
            times[name].append((time.process_time() - started) / reads * 1000)
        print(f"round {number + 1}: " + ", ".join(f"{n} {t[-1]:.3f} ms" for n, t in times.items()))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"{connection.vendor}: CPU ms per read, medians of {args.rounds} rounds of {reads} reads: "
        + ", ".join(f"{name} {value:.3f}" for name, value in medians.items())
        + f" ({medians['Django'] / medians['kept']:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
