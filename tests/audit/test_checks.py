"""`qyzmet check --deploy` warns when audit records would stay unsealed for long, or when the
signed tree heads are copied nowhere but the local var folder."""

from __future__ import annotations

from pathlib import Path

from qyzmet.audit.checks import check_audit_log


def ids(settings) -> list[str]:
    return [warning.id for warning in check_audit_log()]


def test_a_rare_seal_and_a_local_checkpoint_file_are_warned_of(settings):
    settings.AUDIT_SEAL_SECONDS = 3600
    settings.AUDIT_CHECKPOINT_FILE = Path(settings.VAR_DIR) / "audit" / "checkpoints.jsonl"
    assert ids(settings) == ["qyzmet.W010", "qyzmet.W011"]


def test_a_seal_every_minute_to_a_file_elsewhere_is_not(settings, tmp_path):
    settings.AUDIT_SEAL_SECONDS = 60
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "worm" / "audit.jsonl"
    assert ids(settings) == []
