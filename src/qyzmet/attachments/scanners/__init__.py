"""Malware scanners: the contract every scanner fulfils, and a registry of them by name.

A scanner is handed a file's bytes and says whether it is clean or, if not, what it found.
One that cannot answer (down, timed out, overloaded) raises ``ScannerUnavailable``: the
upload is then refused for now ("try again later"), never kept unscanned. ``clamd`` (ClamAV's
daemon) is registered here; ``unscanned`` accepts everything and is taken only in a demo
(decision 22). The scanner used is ``QYZMET_ATTACHMENT_SCANNER``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from qyzmet.core.errors import Unavailable


@dataclass(frozen=True)
class Verdict:
    clean: bool
    found: str = ""  # what was found (a signature's name), when not clean


class ScannerUnavailable(Exception):
    """The scanner did not answer, or answered with an error: nothing is known of the file."""


class Scanner(ABC):
    name: str = ""
    demo_only = False  # lets files through unscanned: taken only where QYZMET_DEMO is on

    @abstractmethod
    def scan(self, content: bytes) -> Verdict:
        """Scan ``content``; ``ScannerUnavailable`` when no verdict can be had."""


class ScannerRegistry:
    """Scanners by name; tests build their own."""

    def __init__(self) -> None:
        self._scanners: dict[str, type[Scanner]] = {}

    def register(self, scanner: type[Scanner]) -> type[Scanner]:
        if scanner.name in self._scanners:
            raise ValueError(f"scanner {scanner.name!r} is registered twice")
        self._scanners[scanner.name] = scanner
        return scanner

    def __contains__(self, name: object) -> bool:
        return name in self._scanners

    def __iter__(self) -> Iterator[str]:
        return iter(self._scanners)

    def __getitem__(self, name: str) -> Scanner:
        return self._scanners[name]()


scanners = ScannerRegistry()


def current_scanner() -> Scanner:
    """The scanner uploads go through (``QYZMET_ATTACHMENT_SCANNER``); ``Unavailable`` when
    none is configured, or a demo-only one outside a demo."""
    name = settings.ATTACHMENT_SCANNER
    if name not in scanners:
        raise Unavailable("attachment.scanner_missing")
    scanner = scanners[name]
    if scanner.demo_only and not settings.DEMO:
        raise Unavailable("attachment.scanner_missing")
    return scanner


from qyzmet.attachments.scanners import clamd, unscanned  # noqa: E402  (register them)

__all__ = ["Scanner", "ScannerUnavailable", "Verdict", "clamd", "current_scanner", "scanners",
           "unscanned"]  # fmt: skip
