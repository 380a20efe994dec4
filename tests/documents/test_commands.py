"""`qyzmet verify` answers like the verify page, with an exit status scripts can use; `qyzmet
documents revoke` and `qyzmet trust` manage documents and keys."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command

from qyzmet.documents.services import issue_result_document
from qyzmet.trust.keys import published_keys
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import trust_root
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    application = ApplicationFactory(service="passport", approved=True)
    return issue_result_document(case=application.cases.get())


def verify(*args, capsys):
    try:
        call_command("verify", *args)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code)
    return status, capsys.readouterr().out


def test_verify_exits_0_and_says_what_the_document_says(document, tmp_path, capsys):
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(bytes(document.pdf))
    status, out = verify(str(pdf), capsys=capsys)
    assert status == 0
    assert "authentic" in out
    assert document.content["holder_name"] in out and document.pk in out


def test_verify_exits_1_naming_the_reason_for_an_altered_file(document, tmp_path, capsys):
    data = bytearray(document.pdf)
    data[len(data) // 2] ^= 0x01
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(bytes(data))
    status, out = verify(str(pdf), "--json", capsys=capsys)
    assert status == 1
    assert json.loads(out)["verdict"] in {"altered", "unreadable"}


def test_verify_exits_1_for_a_revoked_document(document, tmp_path, capsys):
    call_command("documents", "revoke", document.pk, "--reason", "reversed on appeal")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(bytes(document.pdf))
    status, out = verify(str(pdf), "--language", "ru", capsys=capsys)
    assert status == 1
    assert "Документ отозван" in out
    assert "Документ выдан по ошибке" in out and "reversed on appeal" not in out
    with pytest.raises(CommandError, match="already revoked"):
        call_command("documents", "revoke", document.pk, "--reason", "again")


def test_verify_checks_a_qr_code_offline_with_the_key_file(document, tmp_path, capsys):
    keys, root = tmp_path / "keys.json", tmp_path / "root.pem"
    keys.write_text(json.dumps(published_keys()))
    root.write_bytes(trust_root().public_bytes(serialization.Encoding.PEM))
    offline = ("--keys", str(keys), "--root", str(root))
    status, out = verify("--qr", document.content["qr"], *offline, capsys=capsys)
    assert status == 0 and document.pk in out
    iin = document.content["holder_iin"]
    assert f"({iin[:4]}******{iin[-2:]})" in out and iin not in out
    forged = document.content["qr"][:-3] + "AAA"
    status, out = verify("--qr", forged, *offline, capsys=capsys)
    assert status == 1 and "Not valid" in out


def test_a_missing_file_is_a_usage_error(db):
    with pytest.raises(CommandError, match=r"nowhere\.pdf"):
        call_command("verify", "nowhere.pdf")


def test_trust_rotate_keeps_the_old_key_published(document, capsys):
    call_command("trust", "rotate", document.agency.slug)
    keys = AgencyKey.objects.filter(agency=document.agency)
    assert keys.count() == 2 and keys.filter(retired_at__isnull=True).count() == 1
    call_command("trust", "export")
    exported = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {k["kid"] for k in exported["keys"]} >= set(keys.values_list("key_id", flat=True))
