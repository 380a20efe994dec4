"""A row written into the trust list makes nothing verify: the trust root, configured outside
the database, must have issued a key's certificate to that agency under that key id. So a
request signed with a key an attacker listed is refused by the registry as a forgery (403), a
result document signed with it is not valid, and the published key set leaves it out. Nor does
a row written into the register of documents: a number verifies only when the PDF stored for it
is signed for that number by the agency's certified key, and the facts shown are those signed."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.qr import InvalidToken, read_qr_token
from qyzmet.documents.services import issue_result_document, new_document_id
from qyzmet.documents.verification import Verdict, verify_document_file, verify_document_number
from qyzmet.exchange import server
from qyzmet.exchange.client import legal_basis
from qyzmet.exchange.messages import Client
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import TYPE
from qyzmet.trust.keys import certificate_of, forget_keys, published_keys, signing_key
from qyzmet.trust.models import AgencyKey
from qyzmet.trust.root import trust_root
from tests.exchange.helpers import request_for
from tests.factories import ApplicationFactory
from tests.trust.forgery import ANOTHER_CA, SELF_SIGNED, document_signed_with, insert_forged_key

pytestmark = pytest.mark.django_db

LIVING = "population.person.living"
PLATFORM = "digital-development"


@pytest.fixture(params=[SELF_SIGNED, ANOTHER_CA])
def signed_by(request: Any) -> str:
    return request.param


def post_to_registry_server(token: str) -> tuple[int, dict[str, Any]]:
    """The request as `qyzmet registry serve` receives it; its status and response claims."""
    body = token.encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/exchange/v1/messages",
        "REMOTE_ADDR": "10.0.13.1", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }  # fmt: skip
    started: dict[str, int] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started["status"] = int(status.split()[0])

    answer = b"".join(server.application(environ, start_response)).decode()
    return started["status"], jwt.decode(answer, options={"verify_signature": False})


def test_a_request_signed_with_a_key_inserted_into_the_trust_list_is_refused_as_a_forgery(
    demo_people, signed_by, settings, monkeypatch
):
    monkeypatch.setattr(server, "close_old_connections", lambda: None)  # the test's connection
    settings.EXCHANGE_AGENCY = "internal-affairs"
    forged = insert_forged_key(agency=PLATFORM, signed_by=signed_by)
    forget_keys()
    request = request_for(
        subject=demo_people["parent"], fields=[LIVING], purpose=legal_basis("citizen-sign-in"),
        client=Client(agency=PLATFORM, system="signin"),
    )  # fmt: skip
    token = jwt.encode(request.claims(), forged.private_key, algorithm="EdDSA",
                       headers={"kid": forged.record.key_id, "typ": TYPE})  # fmt: skip

    status, response = post_to_registry_server(token)

    assert status == 403
    assert response["outcome"] == "refused" and response["refusal"]["code"] == "signature"
    assert "data" not in response


def test_a_certified_key_listed_again_under_another_agency_signs_nothing_for_it(demo_people):
    genuine = signing_key(agency=Agency.objects.get(slug="internal-affairs"))
    AgencyKey.objects.filter(agency__slug=PLATFORM, retired_at__isnull=True).delete()
    impostor = AgencyKey.objects.create(  # the same certificate, claimed for the platform
        agency=Agency.objects.get(slug=PLATFORM),
        key_id=f"{PLATFORM}-20260101-0a0a0a",
        certificate=genuine.record.certificate,
    )
    forget_keys()
    request = request_for(
        subject=demo_people["parent"], fields=[LIVING], purpose=legal_basis("citizen-sign-in"),
        client=Client(agency=PLATFORM, system="signin"),
    )  # fmt: skip
    token = jwt.encode(request.claims(), genuine.private_key, algorithm="EdDSA",
                       headers={"kid": impostor.key_id, "typ": TYPE})  # fmt: skip

    response = answer_request(token=token).response

    assert not response.granted and response.refusal == "signature"


@pytest.fixture
def forged_document(signed_by: str) -> ResultDocument:
    genuine, other = (ApplicationFactory(service="passport", approved=True) for _ in range(2))
    like = issue_result_document(case=genuine.cases.get())
    forged = insert_forged_key(agency=like.agency.slug, signed_by=signed_by)
    forget_keys()
    return document_signed_with(forged, case=other.cases.get(), like=like)


def test_a_result_document_signed_with_a_key_inserted_into_the_trust_list_is_not_valid(
    forged_document,
):
    assert verify_document_file(bytes(forged_document.pdf)).verdict is Verdict.UNTRUSTED
    assert not verify_document_number(forged_document.pk).authentic


def test_the_published_keys_leave_out_a_key_inserted_into_the_trust_list(forged_document):
    published = json.loads(json.dumps(published_keys()))  # as /verify/keys.json serves them
    assert forged_document.key.key_id not in {key["kid"] for key in published["keys"]}


def test_offline_the_qr_code_of_a_forged_document_does_not_verify_even_with_its_key(
    forged_document,
):
    forged_key = forged_document.key
    der = certificate_of(forged_key).public_bytes(serialization.Encoding.DER)
    key_set = published_keys()  # and, as a copy the forger serves, their key with it
    key_set["keys"].append(
        {"kty": "OKP", "crv": "Ed25519", "kid": forged_key.key_id, "agency": forged_key.agency.slug,
         "x5c": [base64.b64encode(der).decode()]}
    )  # fmt: skip
    with pytest.raises(InvalidToken, match="did not certify"):
        read_qr_token(forged_document.content["qr"], key_set=key_set, root=trust_root())


@pytest.fixture
def genuine_document() -> ResultDocument:
    return issue_result_document(
        case=ApplicationFactory(service="passport", approved=True).cases.get()
    )


def row_like(document: ResultDocument, *, pdf: bytes, **content: Any) -> ResultDocument:
    """A row a database writer inserts into the register: the agency's genuine, certified key,
    a new number, and a PDF they hold (not one signed for that number)."""
    other = ApplicationFactory(service="passport", approved=True).cases.get()
    number = new_document_id()
    return ResultDocument.objects.create(
        id=number, case=other, agency=document.agency, holder=document.holder, key=document.key,
        language=document.language, content={**document.content, "id": number, **content},
        pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), issued_at=timezone.now(),
    )  # fmt: skip


@pytest.mark.parametrize("pdf", ["a genuine document's", "none"])
def test_a_row_inserted_into_the_register_with_a_genuine_key_is_not_authentic_by_its_number(
    genuine_document, pdf, client
):
    data = bytes(genuine_document.pdf) if pdf == "a genuine document's" else b""
    inserted = row_like(genuine_document, pdf=data, holder_name="Forged Holder")

    assert verify_document_number(inserted.pk).verdict is Verdict.UNTRUSTED
    response = client.get(f"/verify/{inserted.pk}/")
    assert response.status_code == 404 and "Forged Holder" not in response.content.decode()
    assert verify_document_number(genuine_document.pk).verdict is Verdict.AUTHENTIC


def test_a_document_whose_row_was_changed_is_not_authentic_by_its_number(genuine_document):
    content = {**genuine_document.content, "holder_name": "Forged Holder"}
    ResultDocument.objects.filter(pk=genuine_document.pk).update(content=content)

    assert verify_document_number(genuine_document.pk).verdict is Verdict.UNTRUSTED
    assert verify_document_file(bytes(genuine_document.pdf)).verdict is Verdict.AUTHENTIC
