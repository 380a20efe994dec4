"""The trust root certifies every agency key: keys made and rotated are certified at once, keys
made before the root verify again once `qyzmet trust certify` has had them certified (never a
row whose private key is not held here), a root kept offline certifies through `--root-key`,
and anyone can fetch the root to check documents offline."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from qyzmet.catalog.models import Agency
from qyzmet.documents.services import issue_result_document
from qyzmet.documents.verification import Verdict, verify_document_file
from qyzmet.exchange.client import legal_basis, request_registry_data
from qyzmet.exchange.messages import Client, ExchangeRequest
from qyzmet.trust.keys import (
    certified_key,
    forget_keys,
    key_folder,
    published_keys,
    rotate_agency_key,
    signing_key,
)
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import NotCertified, TrustRootError, fingerprint, trust_root
from tests.exchange.helpers import request_for, send
from tests.factories import ApplicationFactory
from tests.trust.forgery import (
    SELF_SIGNED,
    ForgedKey,
    document_signed_with,
    forged_certificate,
    insert_forged_key,
)

pytestmark = pytest.mark.django_db

LIVING = "population.person.living"
SIGN_IN = Client(agency="digital-development", system="signin")


def sign_in_read(iin: str) -> dict[str, Any]:
    return request_registry_data(
        client=SIGN_IN, subject=iin, fields=[LIVING], purpose=legal_basis("citizen-sign-in")
    )


def made_before_the_root(agency: str) -> ForgedKey:
    """A key as qyzmet made them before the trust root: self-signed, its private key here."""
    key = insert_forged_key(agency=agency, signed_by=SELF_SIGNED)
    (key_folder() / f"{key.record.key_id}.pem").write_bytes(
        key.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    forget_keys()
    return key


def test_every_published_key_is_certified_by_the_root_and_carries_the_chain(demo_people):
    sign_in_read(demo_people["parent"])  # makes the two agencies' keys
    root = trust_root()
    for key in [k for k in published_keys()["keys"] if "x5c" in k]:
        leaf, issuer = (x509.load_der_x509_certificate(base64.b64decode(c)) for c in key["x5c"])
        leaf.verify_directly_issued_by(root)
        assert issuer == root


def test_a_genuine_rotation_keeps_the_old_key_verifying_and_the_new_one_certified(demo_people):
    before = ApplicationFactory(service="passport", approved=True)
    old_document = issue_result_document(case=before.cases.get())
    rotate_agency_key(agency=old_document.agency)
    after = ApplicationFactory(service="passport", approved=True)
    new_document = issue_result_document(case=after.cases.get())

    assert new_document.key != old_document.key
    assert verify_document_file(bytes(old_document.pdf)).verdict is Verdict.AUTHENTIC
    assert verify_document_file(bytes(new_document.pdf)).verdict is Verdict.AUTHENTIC
    assert sign_in_read(demo_people["parent"]) == {LIVING: True}


def test_a_key_made_before_the_root_verifies_again_once_certified(demo_people, capsys):
    genuine, other = (ApplicationFactory(service="passport", approved=True) for _ in range(2))
    like = issue_result_document(case=genuine.cases.get())
    legacy = made_before_the_root("digital-development")
    old_document = document_signed_with(legacy, case=other.cases.get(), like=like)

    def request() -> ExchangeRequest:
        return request_for(
            subject=demo_people["parent"], fields=[LIVING],
            purpose=legal_basis("citizen-sign-in"), client=SIGN_IN,
        )  # fmt: skip

    assert send(request()).refusal == "signature"
    assert verify_document_file(bytes(old_document.pdf)).verdict is Verdict.UNTRUSTED

    call_command("trust", "certify")

    assert f"{legacy.record.key_id} " in capsys.readouterr().out
    assert send(request()).granted
    old_document.key.refresh_from_db()
    assert verify_document_file(bytes(old_document.pdf)).verdict is Verdict.AUTHENTIC


def test_certify_leaves_a_row_whose_private_key_is_not_here_uncertified(demo_people, capsys):
    forged = insert_forged_key(agency="digital-development", signed_by=SELF_SIGNED)

    call_command("trust", "certify")

    out = capsys.readouterr().out
    assert f"{forged.record.key_id}" in out and "skipped" in out
    forget_keys()
    assert forged.record.key_id not in {k["kid"] for k in published_keys()["keys"]}


def key_moved_to(agency: str) -> AgencyKey:
    """Another agency's genuine, certified key, its row changed to ``agency``'s current key."""
    genuine = signing_key(agency=Agency.objects.get(slug="internal-affairs")).record
    AgencyKey.objects.filter(agency__slug=agency, retired_at__isnull=True).delete()
    AgencyKey.objects.filter(pk=genuine.pk).update(agency=Agency.objects.get(slug=agency))
    return AgencyKey.objects.get(pk=genuine.pk)


def self_signed_for_another_agency(agency: str) -> AgencyKey:
    """A key as qyzmet made them before the root, its private key here, but its certificate
    naming another agency than its row."""
    key = Ed25519PrivateKey.generate()
    key_id = f"{agency}-20250101-{secrets.token_hex(6)}"
    certificate = forged_certificate(
        key=key, agency="internal-affairs", key_id=key_id, signed_by=SELF_SIGNED
    )
    AgencyKey.objects.filter(agency__slug=agency, retired_at__isnull=True).delete()
    (key_folder() / f"{key_id}.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return AgencyKey.objects.create(
        agency=Agency.objects.get(slug=agency),
        key_id=key_id,
        certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )


@pytest.mark.parametrize("changed_row", [key_moved_to, self_signed_for_another_agency])
def test_certify_never_certifies_a_key_for_an_agency_its_certificate_does_not_name(
    demo_people, changed_row, capsys
):
    record = changed_row("digital-development")

    call_command("trust", "certify")

    out = capsys.readouterr().out
    assert record.key_id in out and "refused" in out
    kept = AgencyKey.objects.select_related("agency").get(pk=record.pk)
    assert kept.certificate == record.certificate
    forget_keys()
    with pytest.raises(NotCertified):
        certified_key(kept)
    assert send(request_for(
        subject=demo_people["parent"], fields=[LIVING],
        purpose=legal_basis("citizen-sign-in"), client=SIGN_IN,
    )).refusal == "signature"  # fmt: skip


@pytest.fixture
def offline_root(tmp_path: Path, settings: Any) -> Path:
    """A root made on offline media; the servers know its certificate only."""
    media, certificate = tmp_path / "usb" / "root.pem", tmp_path / "root-certificate.pem"
    call_command("trust", "new-root", str(media), "--certificate", str(certificate))
    settings.TRUST_ROOT = str(certificate)
    forget_keys()
    return media


def test_with_the_root_offline_keys_are_created_and_rotated_with_its_key_file(
    offline_root, demo_people
):
    agency = Agency.objects.get(slug="digital-development")
    with pytest.raises(TrustRootError, match="--root-key"):
        rotate_agency_key(agency=agency)
    with pytest.raises(CommandError, match="--root-key"):
        call_command("trust", "rotate", agency.slug)

    call_command("trust", "create", "--root-key", str(offline_root))
    assert sign_in_read(demo_people["parent"]) == {LIVING: True}
    call_command("trust", "rotate", agency.slug, "--root-key", str(offline_root))
    assert sign_in_read(demo_people["parent"]) == {LIVING: True}


def test_another_roots_key_file_certifies_nothing(offline_root, tmp_path):
    call_command("trust", "new-root", str(tmp_path / "other.pem"), "--certificate",
                 str(tmp_path / "other-certificate.pem"))  # fmt: skip
    with pytest.raises(CommandError, match="not the key of the trust root"):
        call_command("trust", "create", "--root-key", str(tmp_path / "other.pem"))


def test_anyone_can_fetch_the_root_and_its_fingerprint(client, capsys):
    response = client.get("/verify/root.pem")
    call_command("trust", "root")

    root = x509.load_pem_x509_certificate(response.content)
    assert root == trust_root()
    assert response["Content-Type"] == "application/x-pem-file"
    assert fingerprint(root) in capsys.readouterr().out
    assert fingerprint(root) in client.get("/verify/").content.decode()
