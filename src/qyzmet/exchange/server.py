"""An agency's registries served over HTTPS with client certificates (``qyzmet registry serve
--agency X``; plain HTTP in the demo): a small WSGI application that answers signed exchange
requests, and nothing else.

``POST /exchange/v1/messages`` with a signed request (``application/qyzmet-exchange+jwt``)
answers with the signed response: 200 when granted, 403 when refused, 400 when the body is not
an exchange request at all, 429 to a sender whose signatures were refused too often this minute
(``throttle``). ``GET /exchange/v1/`` says which agency and registries are served.
"""

from __future__ import annotations

import json
import logging
import os
import ssl
import sys
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from qyzmet.catalog.models import Agency
from qyzmet.core.request_ids import NO_REQUEST, set_request_id, well_formed_request_id
from qyzmet.exchange.messages import PROTOCOL, MalformedMessage
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import MEDIA_TYPE
from qyzmet.exchange.throttle import WINDOW_SECONDS, count_forgery, silenced
from qyzmet.exchange.tls import TlsFiles
from qyzmet.exchange.transports import PATH

logger = logging.getLogger("qyzmet.exchange")
MAX_BYTES = 64 * 1024
StartResponse = Callable[..., Any]


def _reply(
    start: StartResponse, status: str, body: bytes, media_type: str, *extra: tuple[str, str]
) -> list[bytes]:
    start(status, [("Content-Type", media_type), ("Content-Length", str(len(body))), *extra])
    return [body]


def _problem(
    start: StartResponse, status: str, detail: str, *extra: tuple[str, str]
) -> list[bytes]:
    code = int(status.split()[0])
    body = json.dumps({"status": code, "title": status[4:], "detail": detail}).encode()
    return _reply(start, status, body, "application/problem+json", *extra)


def _answer(environ: dict[str, Any], start: StartResponse) -> list[bytes]:
    sender = str(environ.get("REMOTE_ADDR") or "")
    if silenced(sender):
        logger.warning("requests from %s not read: too many refused signatures", sender)
        wait = ("Retry-After", str(WINDOW_SECONDS))
        return _problem(start, "429 Too Many Requests", "too many refused signatures", wait)
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 < length <= MAX_BYTES:
        return _problem(
            start, "400 Bad Request", f"send a signed request of 1 to {MAX_BYTES} bytes"
        )
    token = environ["wsgi.input"].read(length).decode("ascii", errors="replace").strip()
    try:
        answer = answer_request(token=token, serving=settings.EXCHANGE_AGENCY, sender=sender)
    except MalformedMessage as error:
        logger.warning("not an exchange request from %s: %s", environ.get("REMOTE_ADDR"), error)
        return _problem(start, "400 Bad Request", f"not an exchange request: {error}")
    if answer.response.refusal == "signature":
        count_forgery(sender)
    status = "200 OK" if answer.granted else "403 Forbidden"
    logger.info("exchange request from %s answered %s", sender, status)
    return _reply(start, status, answer.token.encode(), MEDIA_TYPE)


def _about(start: StartResponse) -> list[bytes]:
    agency = Agency.objects.filter(slug=settings.EXCHANGE_AGENCY).first()
    body = {
        "protocol": PROTOCOL,
        "agency": settings.EXCHANGE_AGENCY,
        "registries": list(agency.registries) if agency else [],
    }
    return _reply(start, "200 OK", json.dumps(body).encode(), "application/json")


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    close_old_connections()
    # the platform's request that asked, named in this server's log lines too
    set_request_id(well_formed_request_id(environ.get("HTTP_X_REQUEST_ID", "")) or NO_REQUEST)
    try:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == PATH:
            if method != "POST":
                return _problem(start_response, "405 Method Not Allowed", "POST a request")
            return _answer(environ, start_response)
        if path.rstrip("/") == PATH.rsplit("/", 1)[0]:
            return _about(start_response)
        return _problem(start_response, "404 Not Found", f"POST signed requests to {PATH}")
    finally:
        close_old_connections()
        set_request_id(NO_REQUEST)


def gunicorn_command(*, host: str, port: int, workers: int, tls: TlsFiles | None) -> list[str]:
    """gunicorn serving the exchange endpoint; with ``tls``, over TLS that requires a client
    certificate issued by the exchange's CA (``ssl.CERT_REQUIRED``)."""
    command = [
        sys.executable, "-m", "gunicorn", "qyzmet.exchange.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--access-logfile", "-", "--graceful-timeout", "10", "--no-control-socket",
        "--config", "python:qyzmet.core.gunicorn_config",  # workers die with their master
    ]  # fmt: skip
    if tls is not None:
        command += [
            "--certfile", tls.cert, "--keyfile", tls.key, "--ca-certs", tls.ca,
            "--cert-reqs", str(int(ssl.CERT_REQUIRED)),
        ]  # fmt: skip
    return command


def serve_registries(
    *, agency: str, host: str, port: int, workers: int, tls: TlsFiles | None
) -> None:
    """Become gunicorn serving ``agency``'s registries (this process is replaced)."""
    os.environ["QYZMET_EXCHANGE_AGENCY"] = agency
    command = gunicorn_command(host=host, port=port, workers=workers, tls=tls)
    os.execve(sys.executable, command, os.environ)
