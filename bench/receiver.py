"""The partner's webhook endpoint for ``webhooks.py``: a small HTTP server on 127.0.0.1, in a
thread of the benchmark, that checks every signature and notes when each webhook arrived."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from common import free_port


@dataclass
class Endpoint:
    """The partner's webhook endpoint: verifies each signature, notes the first arrival of
    each webhook-id (``time.time()``, the clock the database timestamps use too)."""

    secret: str = ""
    arrivals: dict[str, float] = field(default_factory=dict)
    posts: int = 0
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, body: bytes, headers: dict[str, str]) -> None:
        from standardwebhooks import Webhook

        arrived = time.time()
        try:
            Webhook(self.secret).verify(body, headers)
            good = True
        except Exception:
            good = False
        with self.lock:
            self.posts += 1
            self.bad_signatures += not good
            self.arrivals.setdefault(headers.get("webhook-id", "?"), arrived)


@contextlib.contextmanager
def listening(endpoint: Endpoint) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a partner's server would

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            endpoint.receive(body, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks"
    finally:
        server.shutdown()
        server.server_close()
