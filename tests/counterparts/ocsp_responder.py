"""A test OCSP responder and CRL server, run as its own process, as NCA RK's are.

    python -m tests.counterparts.ocsp_responder --port 8080 --index /tmp/pki/index.json

``POST /ocsp`` (and ``GET /ocsp/<base64>``, RFC 6960 A.1) answers an OCSP request for a
certificate of the issuer the index names: ``good`` or ``revoked`` as the index says,
``unknown`` for a serial it does not list; requests for another issuer are ``unauthorized``.
Answers are signed by the delegated responder certificate in the index, echo the request's
nonce, and are valid for an hour. ``GET /crl/<name>`` serves the CRLs the index names;
``GET /health`` answers ``ok``. The index is read again for every request, so a test can
revoke a certificate while the responder runs.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import hashlib
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

MAX_REQUEST = 64 * 1024


def _key_hash(certificate: x509.Certificate, algorithm: hashes.HashAlgorithm) -> bytes:
    """The hash of the issuer's public key bits (the subjectPublicKey BIT STRING's value)."""
    from asn1crypto import x509 as asn1_x509  # only the responder needs it

    loaded = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    bits = loaded.public_key["public_key"].contents[1:]  # past the unused-bits octet
    return hashlib.new(algorithm.name, bits).digest()


def _name_hash(certificate: x509.Certificate, algorithm: hashes.HashAlgorithm) -> bytes:
    return hashlib.new(algorithm.name, certificate.subject.public_bytes()).digest()


class Responder(BaseHTTPRequestHandler):
    index_file: Path

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write("%s\n" % (format % args))

    def _index(self) -> dict[str, Any]:
        return dict(json.loads(self.index_file.read_text()))

    def _file(self, name: str) -> Path:
        return self.index_file.parent / name

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/health":
            self._send(200, b"ok", "text/plain")
        elif self.path.startswith("/crl/"):
            crls = self._index()["crls"]
            name = self.path.removeprefix("/crl/")
            if name in crls:
                self._send(200, self._file(crls[name]).read_bytes(), "application/pkix-crl")
            else:
                self._send(404, b"no such CRL", "text/plain")
        elif self.path.startswith("/ocsp/"):
            try:
                request = base64.b64decode(self.path.removeprefix("/ocsp/"))
            except ValueError:
                self._send(400, b"bad request", "text/plain")
                return
            self._answer(request)
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if self.path != "/ocsp" or not 0 < length <= MAX_REQUEST:
            self._send(400, b"bad request", "text/plain")
            return
        self._answer(self.rfile.read(length))

    def _answer(self, body: bytes) -> None:
        self._send(200, self._response(body), "application/ocsp-response")

    def _response(self, body: bytes) -> bytes:
        encoding = serialization.Encoding.DER
        try:
            request = ocsp.load_der_ocsp_request(body)
        except ValueError:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.MALFORMED_REQUEST
            ).public_bytes(encoding)
        index = self._index()
        issuer = x509.load_pem_x509_certificate(self._file(index["issuer"]).read_bytes())
        algorithm = request.hash_algorithm
        if request.issuer_name_hash != _name_hash(
            issuer, algorithm
        ) or request.issuer_key_hash != _key_hash(issuer, algorithm):
            return ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.UNAUTHORIZED
            ).public_bytes(encoding)
        entry = index["certificates"].get(format(request.serial_number, "x"))
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        status, revoked_at = ocsp.OCSPCertStatus.UNKNOWN, None
        if entry and entry["status"] == "good":
            status = ocsp.OCSPCertStatus.GOOD
        elif entry and entry["status"] == "revoked":
            status = ocsp.OCSPCertStatus.REVOKED
            revoked_at = datetime.datetime.fromisoformat(entry["revoked_at"])
        responder = x509.load_pem_x509_certificate(
            self._file(index["responder_certificate"]).read_bytes()
        )
        key = serialization.load_pem_private_key(
            self._file(index["responder_key"]).read_bytes(), password=None
        )
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=algorithm,
                cert_status=status,
                this_update=now - datetime.timedelta(minutes=1),
                next_update=now + datetime.timedelta(hours=1),
                revocation_time=revoked_at,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
            .certificates([responder])
        )
        try:
            nonce = request.extensions.get_extension_for_class(x509.OCSPNonce)
        except x509.ExtensionNotFound:
            pass
        else:
            builder = builder.add_extension(nonce.value, critical=False)
        return builder.sign(key, hashes.SHA256()).public_bytes(encoding)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--index", type=Path, required=True)
    arguments = parser.parse_args()
    Responder.index_file = arguments.index
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Responder)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
