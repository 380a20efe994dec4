"""A newcomer to the demo finds offers waiting, and the registry event the demo prints makes
more of them through the worker beside the server."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from qyzmet.core.keyring import FILE_NAME, parse
from qyzmet.core.pseudonyms import SUBJECT, keyed_digest


def offers_to(database: Path, iin: str) -> dict[str, int]:
    """Offers by status to ``iin`` in the served demo's database, found by the keyed hash of
    the IIN under the demo's own index key (the IIN itself is encrypted there)."""
    key_file = database.parent / "var" / "keys" / FILE_NAME
    ring = parse(key_file.read_text(), str(key_file))
    digest = keyed_digest(iin, purpose=SUBJECT, index_key=ring.index_key)
    with closing(sqlite3.connect(database, timeout=30)) as db:
        rows = db.execute(
            "SELECT status, count(*) FROM offers_offer WHERE citizen_iin_digest = ? GROUP BY 1",
            [digest],
        )
        return dict(rows.fetchall())


def test_the_demo_has_offers_and_its_printed_birth_command_makes_more(demo_server):
    printed = demo_server.printed
    parent = re.search(r"^\s+parent\s+(\d{12})$", printed, flags=re.M)
    command = re.search(r"^\s+qyzmet (registry event birth --mother \d{12} .*)$", printed, re.M)
    assert parent and command and f"{demo_server.url}/offers/" in printed, printed
    waiting = offers_to(demo_server.database, parent.group(1)).get("pending", 0)
    assert waiting >= 1  # two offers of the demo's birth (a partner's test may accept one)

    result = subprocess.run(
        [sys.executable, "-m", "qyzmet.cli", *command.group(1).split()],
        env=demo_server.env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the worker makes the offers
        if offers_to(demo_server.database, parent.group(1)).get("pending", 0) == waiting + 2:
            break
        time.sleep(0.5)
    assert offers_to(demo_server.database, parent.group(1)).get("pending") == waiting + 2
