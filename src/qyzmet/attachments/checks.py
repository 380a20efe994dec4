"""Checks of the malware scanner (``qyzmet check``; the deployment ones with ``--deploy``,
outside a demo only):

- ``qyzmet.E131`` (every process): ``QYZMET_ATTACHMENT_SCANNER`` names no registered scanner.
- ``qyzmet.E130``: no scanner: no attachment could be uploaded, and a server for real people
  must never keep files unscanned (the demo's ``unscanned`` is refused by ``qyzmet.E001``).
- ``qyzmet.E132``: the ``clamd`` scanner without a readable ``QYZMET_CLAMD_ADDRESS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from qyzmet.attachments.scanners import scanners
from qyzmet.attachments.scanners.clamd import parse_address


@register(Tags.security)
def attachment_scanner_known(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    name = settings.ATTACHMENT_SCANNER
    if not name or name in scanners:
        return []
    return [Error(
        f"QYZMET_ATTACHMENT_SCANNER is `{name}`, which is no malware scanner: choose one of "
        f"{', '.join(f'`{n}`' for n in scanners)}.",
        id="qyzmet.E131",
    )]  # fmt: skip


@register(Tags.security, deploy=True)
def attachment_scanner_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO:
        return []
    name = settings.ATTACHMENT_SCANNER
    if not name:
        return [Error(
            "QYZMET_ATTACHMENT_SCANNER is not set: attachments cannot be scanned for malware, "
            "so none could be uploaded. Set it to `clamd` and QYZMET_CLAMD_ADDRESS.",
            id="qyzmet.E130",
        )]  # fmt: skip
    if name == "clamd":
        try:
            parse_address(settings.CLAMD_ADDRESS)
        except ValueError:
            return [Error(
                f"QYZMET_CLAMD_ADDRESS is `{settings.CLAMD_ADDRESS}`: give clamd's address as "
                "tcp://HOST:PORT or unix:///path/to/clamd.ctl.",
                id="qyzmet.E132",
            )]  # fmt: skip
    return []
