"""A stand-in for NCALayer, run as its own process: a WebSocket server holding one test key
and certificate, answering ``kz.gov.pki.knca.commonUtils`` / ``signXml`` as NCALayer does
(after its greeting with a version), so a browser test can sign in through the page's script.

    python -m tests.counterparts.ncalayer --port 13579 --key key.pem --cert cert.pem

Plain ``ws://`` (NCALayer itself serves ``wss://`` with a certificate it installs); point
``QYZMET_EDS_NCALAYER_URL`` at it. ``--refuse`` answers every request as a cancelled one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from websockets.asyncio.server import ServerConnection, serve

from tests.support.pki import sign_xml


def answer(request: dict[str, Any], *, key: Any, cert: x509.Certificate, refuse: bool) -> dict:
    if request.get("module") != "kz.gov.pki.knca.commonUtils" or request.get("method") != "signXml":
        return {"code": "500", "message": "module or method not found"}
    if refuse:
        return {"code": "500", "message": "action.canceled"}
    args = request.get("args") or []
    if len(args) < 3 or not isinstance(args[2], str):
        return {"code": "500", "message": "args"}
    signed = sign_xml(args[2].encode("utf-8"), key, cert)
    return {"code": "200", "responseObject": signed.decode("utf-8")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", type=Path, required=True)
    parser.add_argument("--cert", type=Path, required=True)
    parser.add_argument("--refuse", action="store_true")
    arguments = parser.parse_args()
    key = serialization.load_pem_private_key(arguments.key.read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate(arguments.cert.read_bytes())

    async def handle(connection: ServerConnection) -> None:
        await connection.send(json.dumps({"result": {"version": "1.4"}}))
        async for message in connection:
            try:
                request = json.loads(message)
            except ValueError:
                continue
            reply = answer(request, key=key, cert=cert, refuse=arguments.refuse)
            await connection.send(json.dumps(reply))

    async def run() -> None:
        async with serve(handle, "127.0.0.1", arguments.port, max_size=2 * 1024 * 1024):
            await asyncio.get_running_loop().create_future()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()
