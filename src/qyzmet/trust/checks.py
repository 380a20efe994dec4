"""Deployment checks of the trust root (``qyzmet check --deploy``): it can be read, and in
production its private half is not kept beside the servers' keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils import timezone

from qyzmet.trust.root import ROOT_FILE, TrustRootError, root_key_in_key_folder, trust_root

HINT = "docs/operations.md, 'Signing keys'."


def _root_problem() -> str:
    if not settings.TRUST_ROOT and not (Path(settings.KEY_DIR) / ROOT_FILE).exists():
        return ""  # made in the key folder on first use
    try:
        root = trust_root()
    except TrustRootError as error:
        return str(error)
    if root.not_valid_after_utc < timezone.now():
        return f"it expired on {root.not_valid_after_utc:%Y-%m-%d}"
    return ""


@register(Tags.security, deploy=True)
def trust_root_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = _root_problem()
    if problem:
        return [
            Error(
                f"QYZMET_TRUST_ROOT cannot be used to certify agency keys: {problem}.",
                hint=f"Set QYZMET_TRUST_ROOT to the root's certificate (PEM or its path); {HINT}",
                id="qyzmet.E020",
            )
        ]
    if settings.DEMO:
        return []
    if not settings.TRUST_ROOT or root_key_in_key_folder():
        return [
            Warning(
                "QYZMET_TRUST_ROOT: the root's private key is kept in the key folder, beside the "
                "servers, so whoever reads that folder can certify a key for any agency.",
                hint=(
                    "Make a root on offline media (`qyzmet trust new-root FILE --certificate "
                    "CERT`), set QYZMET_TRUST_ROOT to CERT on every server, and create or rotate "
                    f"keys with `--root-key FILE`; {HINT}"
                ),
                id="qyzmet.W020",
            )
        ]
    return []
