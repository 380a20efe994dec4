"""The exchange's mutual TLS, as X-Road's security servers use between them: every registry
server and the platform hold a certificate issued by the exchange's CA
(``QYZMET_EXCHANGE_TLS_CERT``, ``_KEY``, ``_CA``). A registry server (``qyzmet registry serve``)
admits only clients that show such a certificate; the platform talks only to registry servers
that show one for the host it asked. Plain HTTP is for the demo alone."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NAMES = ("QYZMET_EXCHANGE_TLS_CERT", "QYZMET_EXCHANGE_TLS_KEY", "QYZMET_EXCHANGE_TLS_CA")


class TlsMisconfigured(Exception):
    """The TLS settings are incomplete or name files that cannot be read."""


@dataclass(frozen=True)
class TlsFiles:
    cert: str
    key: str
    ca: str


def demo() -> bool:
    """Whether this deployment is a demo (``QYZMET_DEMO``), where plain HTTP is allowed."""
    return bool(settings.DEMO)


def _configured() -> dict[str, str]:
    return {name: str(getattr(settings, name.removeprefix("QYZMET_"), "") or "") for name in NAMES}


def missing_tls_files() -> list[str]:
    """The TLS settings not set, or naming no readable file (``NAME=path``)."""
    return [
        f"{name}={path}" if path else name
        for name, path in _configured().items()
        if not path or not Path(path).is_file()
    ]


def tls_files() -> TlsFiles | None:
    """This server's certificate, key and the exchange's CA; ``None`` when none is set (plain
    HTTP, in the demo only). Raises ``TlsMisconfigured`` naming what is missing."""
    configured = _configured()
    if not any(configured.values()) and demo():
        return None
    if missing := missing_tls_files():
        raise TlsMisconfigured(
            "the exchange between agencies runs over mutual TLS outside the demo; set "
            f"{', '.join(missing)} to PEM files (docs/operations.md)"
        )
    cert, key, ca = configured.values()
    return TlsFiles(cert=cert, key=key, ca=ca)


def client_context() -> ssl.SSLContext | bool:
    """How the platform meets a registry served over https: trusting the exchange's CA alone
    and showing its own certificate; the system's CAs when no TLS setting is made (``True``)."""
    configured = _configured()
    if not any(configured.values()):
        return True
    files = tls_files()
    assert files is not None
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=files.ca)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile=files.cert, keyfile=files.key)
    return context
