"""The demo's scanner: it finds nothing in anything. Only a demo may use it (decision 22):
outside one, ``current_scanner`` refuses it and the check ``qyzmet.E001`` stops every process."""

from __future__ import annotations

from qyzmet.attachments.scanners import Scanner, Verdict, scanners


@scanners.register
class UnscannedScanner(Scanner):
    name = "unscanned"
    demo_only = True

    def scan(self, content: bytes) -> Verdict:
        return Verdict(clean=True)
