"""Deployment checks of the exchange (``qyzmet check --deploy``), outside the demo only:

- ``qyzmet.E030``: a registry read over plain HTTP: personal data between agencies in clear,
  and anyone who reaches the port may talk to it; registries are served over mutual TLS.
- ``qyzmet.E031``: registries read over ``https`` without this platform's client certificate,
  its key and the exchange's CA: the registry servers refuse it, or it trusts any server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from qyzmet.exchange.tls import demo, missing_tls_files

PER_PROCESS_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.security, deploy=True)
def exchange_over_tls(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if demo():
        return []
    found: list[CheckMessage] = []
    for registry, url in sorted(settings.EXCHANGE_PROVIDERS.items()):
        if not url.lower().startswith("https://"):
            found.append(Error(
                f"QYZMET_EXCHANGE_PROVIDERS reads the {registry} registry over plain HTTP ({url}).",
                hint="Serve it with `qyzmet registry serve` over mutual TLS and give an "
                "https:// URL in QYZMET_EXCHANGE_PROVIDERS (docs/exchange.md).",
                id="qyzmet.E030",
            ))  # fmt: skip
    served = [r for r, url in settings.EXCHANGE_PROVIDERS.items() if url.startswith("https://")]
    if served and (missing := missing_tls_files()):
        found.append(Error(
            f"{', '.join(missing)} not set: registries read over https "
            f"({', '.join(sorted(served))}) need this platform's certificate, key and the CA.",
            hint="Set them to PEM files (docs/operations.md, the exchange's certificates).",
            id="qyzmet.E031",
        ))  # fmt: skip
    return found
