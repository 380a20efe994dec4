"""A small SMS gateway, run as its own process by the tests: the counterpart of qyzmet's ``http``
SMS gateway (the API in ``qyzmet.notifications.sms``).

    python tests/counterparts/sms_gateway.py --port 8123 --token T --report-secret S

- ``POST /messages`` (``Authorization: Bearer T``) takes ``{to, text, client_message_id,
  callback_url}`` and answers 202 ``{"message_id": "gw-1", "status": "accepted"}``; the same
  ``client_message_id`` again is the same message (same id, not delivered twice). A number
  that is not ``+`` and 11-15 digits is refused (400), a wrong token 401.
- The message is delivered to the phone at once (unless the number is set to fail), and a
  delivery report posted to ``callback_url`` a moment later, signed: ``X-Sms-Timestamp`` and
  ``X-Sms-Signature: v1=<hex HMAC-SHA256 of "{timestamp}.{body}">``.

Test-only, without a token (what a real gateway would never offer):

- ``GET /phones/<number>/messages``: what that phone received (texts, newest last);
- ``GET /reports``: every report posted (its body, headers, and qyzmet's answer);
- ``POST /control`` ``{"fail": [numbers], "outage": n, "stall": s}``: numbers whose messages
  fail (the report says ``failed``, reason ``unreachable``), the next ``n`` messages answered
  503, and the next message taken (the phone has it) but answered only ``s`` seconds later;
- ``POST /reset``: forget everything.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NUMBER = re.compile(r"\+\d{11,15}")


class Gateway:
    def __init__(self, *, token: str, report_secret: str, report_delay: float) -> None:
        self.token = token
        self.report_secret = report_secret
        self.report_delay = report_delay
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.messages: dict[str, dict[str, Any]] = {}  # by client_message_id
            self.phones: dict[str, list[dict[str, Any]]] = {}
            self.reports: list[dict[str, Any]] = []
            self.failing: set[str] = set()
            self.outage = 0
            self.stall = 0.0

    def take(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        to, text = payload.get("to"), payload.get("text")
        reference = payload.get("client_message_id")
        if not isinstance(to, str) or not isinstance(text, str) or not reference:
            return 400, {"error": "to, text and client_message_id are required"}
        if not NUMBER.fullmatch(to):
            return 400, {"error": "not a phone number"}
        with self.lock:
            if self.outage > 0:
                self.outage -= 1
                return 503, {"error": "try again later"}
            known = self.messages.get(reference)
            if known is not None:
                return 202, {"message_id": known["message_id"], "status": "accepted"}
            message = {
                "message_id": f"gw-{len(self.messages) + 1}",
                "client_message_id": reference,
                "to": to,
                "text": text,
                "callback_url": payload.get("callback_url") or "",
                "at": time.time(),
            }
            self.messages[reference] = message
            stall, self.stall = self.stall, 0.0
            failed = to in self.failing
            if not failed:  # the phone has it at once; the report follows
                self.phones.setdefault(to, []).append(
                    {"text": text, "message_id": message["message_id"]}
                )
        threading.Thread(target=self.report, args=(message, failed), daemon=True).start()
        time.sleep(stall)
        return 202, {"message_id": message["message_id"], "status": "accepted"}

    def report(self, message: dict[str, Any], failed: bool) -> None:
        time.sleep(self.report_delay)
        if message["callback_url"]:
            report = {
                "message_id": message["message_id"],
                "client_message_id": message["client_message_id"],
                "status": "failed" if failed else "delivered",
                "reason": "unreachable" if failed else "",
            }
            self.post_report(message["callback_url"], report)

    def post_report(self, url: str, report: dict[str, Any]) -> None:
        body = json.dumps(report).encode()
        timestamp = str(int(time.time()))
        mac = hmac.new(self.report_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        headers = {
            "Content-Type": "application/json",
            "X-Sms-Timestamp": timestamp,
            "X-Sms-Signature": f"v1={mac.hexdigest()}",
        }
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = response.status
        except urllib.error.HTTPError as error:
            answer = error.code
        except OSError as error:
            answer = f"unreachable: {error}"
        with self.lock:
            self.reports.append(
                {"url": url, "body": body.decode(), "headers": headers, "answer": answer}
            )


class Handler(BaseHTTPRequestHandler):
    gateway: Gateway

    def log_message(self, format: str, *args: Any) -> None:  # quiet: texts carry codes
        pass

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return None

    def do_GET(self) -> None:
        gateway = self.gateway
        found = re.fullmatch(r"/phones/(\+?\d+)/messages", self.path)
        with gateway.lock:
            if found:
                return self._answer(200, gateway.phones.get(found.group(1), []))
            if self.path == "/reports":
                return self._answer(200, gateway.reports)
            if self.path == "/messages":
                return self._answer(200, list(gateway.messages.values()))
            if self.path == "/":
                return self._answer(200, {"gateway": "qyzmet test SMS gateway"})
        self._answer(404, {"error": "not found"})

    def do_POST(self) -> None:
        gateway = self.gateway
        payload = self._json()
        if self.path == "/reset":
            gateway.reset()
            return self._answer(200, {})
        if self.path == "/control":
            with gateway.lock:
                gateway.failing |= set((payload or {}).get("fail", []))
                gateway.outage = int((payload or {}).get("outage", gateway.outage))
                gateway.stall = float((payload or {}).get("stall", gateway.stall))
            return self._answer(200, {})
        if self.path != "/messages":
            return self._answer(404, {"error": "not found"})
        if self.headers.get("Authorization") != f"Bearer {gateway.token}":
            return self._answer(401, {"error": "bad token"})
        if not isinstance(payload, dict):
            return self._answer(400, {"error": "a JSON object"})
        self._answer(*gateway.take(payload))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--report-secret", required=True)
    parser.add_argument("--report-delay", type=float, default=0.05)
    options = parser.parse_args()
    Handler.gateway = Gateway(
        token=options.token,
        report_secret=options.report_secret,
        report_delay=options.report_delay,
    )
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
