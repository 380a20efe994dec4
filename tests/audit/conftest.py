"""An audit log with records of a few applications, sealed, and ``qyzmet audit verify`` run as
monitoring runs it: its exit status and its lines."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from qyzmet.audit.models import AuditRecord
from qyzmet.audit.sealing import seal_audit_log
from tests.factories import ApplicationFactory


@pytest.fixture
def sealed_log(db: Any) -> list[AuditRecord]:
    """Every record sealed (three tree heads), in order."""
    for _ in range(3):
        ApplicationFactory(service="passport", approved=True)
        seal_audit_log()
    return list(AuditRecord.objects.order_by("sequence"))


def verify(capsys: Any, *options: str) -> tuple[int, list[str]]:
    try:
        call_command("audit", "verify", *options)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, capsys.readouterr().out.splitlines()
