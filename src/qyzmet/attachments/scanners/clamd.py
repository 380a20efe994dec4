"""ClamAV's daemon, clamd, asked over its socket with the ``INSTREAM`` command (decision 53).

The file goes in chunks, each preceded by its length as four bytes in network order, ended by
a zero-length chunk; clamd answers one line: ``stream: OK``, ``stream: NAME FOUND``, or
``... ERROR`` (a limit exceeded, a database not loaded). ``QYZMET_CLAMD_ADDRESS`` is
``tcp://HOST:PORT`` or ``unix:///path/to/clamd.ctl``.
"""

from __future__ import annotations

import socket
import struct
from urllib.parse import urlsplit

from django.conf import settings

from qyzmet.attachments.scanners import Scanner, ScannerUnavailable, Verdict, scanners

CHUNK = 64 * 1024  # below clamd's StreamMaxLength, which bounds the whole file anyway
LONGEST_ANSWER = 4096


def parse_address(address: str) -> tuple[int, str | tuple[str, int]]:
    """The socket family and address of ``tcp://HOST:PORT`` or ``unix:///path``;
    ``ValueError`` for anything else."""
    parts = urlsplit(address)
    if parts.scheme == "unix" and parts.path:
        return socket.AF_UNIX, parts.path
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        return socket.AF_INET, (parts.hostname, parts.port)
    raise ValueError(f"not tcp://HOST:PORT nor unix:///path: {address!r}")


class ClamdClient:
    def __init__(self, address: str, *, timeout: float) -> None:
        self.family, self.address = parse_address(address)
        self.timeout = timeout

    def _ask(self, command: bytes, payload: bytes | None = None) -> str:
        try:
            with socket.socket(self.family, socket.SOCK_STREAM) as connection:
                connection.settimeout(self.timeout)
                connection.connect(self.address)
                connection.sendall(b"z" + command + b"\0")
                if payload is not None:
                    for start in range(0, len(payload), CHUNK):
                        chunk = payload[start : start + CHUNK]
                        connection.sendall(struct.pack("!L", len(chunk)) + chunk)
                    connection.sendall(struct.pack("!L", 0))
                answer = b""
                while not answer.endswith(b"\0") and len(answer) < LONGEST_ANSWER:
                    received = connection.recv(LONGEST_ANSWER)
                    if not received:
                        break
                    answer += received
        except OSError as error:  # refused, reset, timed out, no such socket
            raise ScannerUnavailable(f"clamd at {self.address!r}: {error}") from error
        return answer.rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        return self._ask(b"PING") == "PONG"

    def instream(self, content: bytes) -> Verdict:
        answer = self._ask(b"INSTREAM", content)
        result = answer.partition(": ")[2] if ": " in answer else answer
        if result == "OK":
            return Verdict(clean=True)
        if result.endswith(" FOUND"):
            return Verdict(clean=False, found=result.removesuffix(" FOUND"))
        raise ScannerUnavailable(f"clamd answered {answer!r}")  # an ERROR, or nothing


@scanners.register
class ClamdScanner(Scanner):
    name = "clamd"

    def scan(self, content: bytes) -> Verdict:
        if not settings.CLAMD_ADDRESS:
            raise ScannerUnavailable("QYZMET_CLAMD_ADDRESS is not set")
        client = ClamdClient(settings.CLAMD_ADDRESS, timeout=settings.CLAMD_TIMEOUT_SECONDS)
        return client.instream(content)
