"""Deployment checks of the audit log (``qyzmet check --deploy``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

SEAL_SECONDS_AT_MOST = 300  # records are unprotected until sealed


@register(Tags.security, deploy=True)
def check_audit_log(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if settings.AUDIT_SEAL_SECONDS > SEAL_SECONDS_AT_MOST:
        warnings.append(
            Warning(
                f"QYZMET_AUDIT_SEAL_SECONDS is {settings.AUDIT_SEAL_SECONDS:g}: audit records "
                "can be deleted unseen until sealed.",
                hint=f"Seal at least every {SEAL_SECONDS_AT_MOST} seconds (default 60).",
                id="qyzmet.W010",
            )
        )
    if (
        Path(settings.AUDIT_CHECKPOINT_FILE)
        == Path(settings.VAR_DIR) / "audit" / "checkpoints.jsonl"
    ):
        warnings.append(
            Warning(
                "QYZMET_AUDIT_CHECKPOINT_FILE is not set: the audit log's signed tree heads are "
                "copied only into the local var folder.",
                hint="Point it at append-only storage the database's administrators cannot "
                "rewrite (another machine, a WORM volume).",
                id="qyzmet.W011",
            )
        )
    return warnings
