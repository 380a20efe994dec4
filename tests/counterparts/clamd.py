"""ClamAV's daemon from Debian's packages (``apt-get install clamav-daemon``), run by the tests
as its own process: a temporary configuration (TCP on a free port, in the foreground) and a
database holding one test signature, the EICAR test file's, so no download (freshclam) is
needed. Skipped, saying why, where clamd is not installed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from qyzmet.attachments.scanners import ScannerUnavailable
from qyzmet.attachments.scanners.clamd import ClamdClient
from tests.served import free_port

# The EICAR test file: every antivirus reports it, it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Qyzmet.Test.EICAR"
MAX_FILE_MB = 4  # clamd's MaxFileSize here; the licence's certificate may be 5 MB


def clamd_installed() -> str | None:
    return shutil.which("clamd") or next(
        (p for p in ("/usr/sbin/clamd", "/usr/bin/clamd") if Path(p).exists()), None
    )


def clamd_binary() -> str:
    found = clamd_installed()
    if found is None:
        pytest.skip("clamd is not installed (Debian: apt-get install clamav-daemon)")
    return found


@contextmanager
def running_clamd(folder: Path) -> Iterator[str]:
    """A clamd answering at the ``tcp://`` address yielded, stopped at the end."""
    binary = clamd_binary()
    database = folder / "db"
    database.mkdir(parents=True)
    # An .ndb body signature: the EICAR bytes anywhere in any file (alone, or inside a PDF).
    (database / "qyzmet-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    port = free_port()
    config = folder / "clamd.conf"
    config.write_text(
        f"Foreground yes\nTCPSocket {port}\nTCPAddr 127.0.0.1\nDatabaseDirectory {database}\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 25M\n"
        # As docs/operations.md asks: a file past a scan limit is FOUND, never passed as clean.
        # MaxFileSize is lower than clamd's default (100M) so a test passes it cheaply.
        f"AlertExceedsMax yes\nMaxFileSize {MAX_FILE_MB}M\n"
    )
    address = f"tcp://127.0.0.1:{port}"
    with (folder / "clamd.out").open("w") as out:
        process = subprocess.Popen(
            [binary, "-c", str(config)], stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        client = ClamdClient(address, timeout=2)
        deadline = time.monotonic() + 120
        while True:
            try:
                if client.ping():
                    break
            except ScannerUnavailable:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.out").read_text()[-2000:]
                raise RuntimeError(f"clamd did not start: {log}")
            time.sleep(0.2)
        yield address
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
