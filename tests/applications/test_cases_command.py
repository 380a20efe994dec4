"""Operators reverse a decision from the console for an officer, who must be allowed to; the
document then fails `qyzmet verify` with the reason."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from qyzmet.applications.models import CaseStatus
from qyzmet.audit.models import AuditRecord
from qyzmet.documents.services import issue_result_document
from tests.factories import ApplicationFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    return issue_result_document(case=ApplicationFactory(approved=True).cases.get())


def reverse(
    case, *extra, ground="court_ruling", reason="Ruling no. 2-1234 of the district court",
    officer="officer-internal-affairs",
):  # fmt: skip
    call_command(
        "cases", "reverse", "--case", str(case.pk), "--ground", ground, "--reason", reason,
        "--officer", officer, *extra,
    )  # fmt: skip


def test_an_allowed_officer_reverses_and_the_document_then_fails_verification(
    document, tmp_path, capsys
):
    OfficerFactory()
    call_command("officers", "allow-reversals", "officer-internal-affairs")
    reverse(document.case)
    out = capsys.readouterr().out
    assert f"document {document.pk} revoked" in out and "awaits a new decision" in out
    document.case.refresh_from_db()
    assert document.case.status == CaseStatus.REVERSED
    assert AuditRecord.objects.get(action="case.reversed").channel == "cli"

    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(bytes(document.pdf))
    with pytest.raises(SystemExit) as exit_:
        call_command("verify", str(pdf))
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    # the ground of the revocation, never the officer's reason (decision 29)
    assert "revoked" in out and "Court ruling" in out and "Ruling no. 2-1234" not in out


def test_an_officer_not_allowed_is_refused(document):
    OfficerFactory()
    with pytest.raises(CommandError, match="not allowed to reverse"):
        reverse(document.case)
    call_command("officers", "allow-reversals", "officer-internal-affairs")
    call_command("officers", "allow-reversals", "officer-internal-affairs", "--withdraw")
    with pytest.raises(CommandError, match="not allowed to reverse"):
        reverse(document.case)


def test_an_unknown_ground_and_an_empty_reason_are_named_in_the_chosen_language(document):
    OfficerFactory()
    call_command("officers", "allow-reversals", "officer-internal-affairs")
    with pytest.raises(CommandError) as refused:
        reverse(document.case, "--language", "ru", ground="whim", reason=" ")
    assert "--ground: Такого основания нет. Выберите одно из: appeal_upheld" in str(refused.value)
    assert "--reason: Напишите причину отмены решения" in str(refused.value)


def test_an_unknown_case_or_officer_is_named(document):
    with pytest.raises(CommandError, match="not an officer"):
        reverse(document.case, officer=document.case.application.citizen.username)
    with pytest.raises(CommandError, match="Case not found"):
        call_command(
            "cases", "reverse", "--case", "nonsense", "--ground", "new_facts", "--reason", "x",
            "--officer", "officer-internal-affairs",
        )  # fmt: skip
