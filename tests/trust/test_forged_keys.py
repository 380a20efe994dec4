"""A row written into the trust list makes nothing verify: the trust root, configured outside
the database, must have issued a key's certificate to that agency under that key id. So a
request signed with a key an attacker listed is refused by the registry as a forgery (403), a
result document signed with it is not valid, and the published key set leaves it out."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import jwt
import pytest
from django.utils import timezone

from qyzmet.catalog.models import Agency
from qyzmet.documents.models import ResultDocument
from qyzmet.documents.pdf import render_pdf
from qyzmet.documents.qr import qr_claims, qr_text, qr_token
from qyzmet.documents.services import issue_result_document, new_document_id
from qyzmet.documents.signing import sign_pdf
from qyzmet.documents.verification import Verdict, verify_document_file, verify_document_number
from qyzmet.exchange import server
from qyzmet.exchange.client import legal_basis
from qyzmet.exchange.messages import Client
from qyzmet.exchange.provider import answer_request
from qyzmet.exchange.signing import TYPE
from qyzmet.trust.keys import (
    SigningKey,
    certificate_of,
    forget_keys,
    published_keys,
    signing_key,
)
from qyzmet.trust.models import AgencyKey
from tests.exchange.helpers import request_for
from tests.factories import ApplicationFactory
from tests.trust.forgery import ANOTHER_CA, SELF_SIGNED, ForgedKey, insert_forged_key

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


def forge_document(*, forged: ForgedKey, case: Any, like: ResultDocument) -> ResultDocument:
    """What the forger makes with their key: a document saying what they like (here: what
    ``like`` says, for ``case``, under a new number), its QR code and PDF signed with their
    key, entered in the register of issued documents as the agency's."""
    content = {**like.content, "id": new_document_id(), "holder_name": "Forged Holder"}
    token = qr_token(claims=qr_claims(content), key=forged.private_key, key_id=forged.record.key_id)
    content["qr"] = qr_text(verify_url=content["verify_url"], token=token)
    key = SigningKey(
        record=forged.record, private_key=forged.private_key,
        certificate=certificate_of(forged.record),
    )  # fmt: skip
    unsigned = render_pdf(content=content, qr_text=content["qr"], key_id=forged.record.key_id)
    pdf = sign_pdf(unsigned, key=key, reason=content["title"])
    return ResultDocument.objects.create(
        id=content["id"], case=case, agency=like.agency, holder=like.holder, key=forged.record,
        language=like.language, content=content, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        issued_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def forged_document(signed_by: str) -> ResultDocument:
    genuine, other = (ApplicationFactory(service="passport", approved=True) for _ in range(2))
    like = issue_result_document(case=genuine.cases.get())
    forged = insert_forged_key(agency=like.agency.slug, signed_by=signed_by)
    forget_keys()
    return forge_document(forged=forged, case=other.cases.get(), like=like)


def test_a_result_document_signed_with_a_key_inserted_into_the_trust_list_is_not_valid(
    forged_document,
):
    assert verify_document_file(bytes(forged_document.pdf)).verdict is Verdict.UNTRUSTED
    assert not verify_document_number(forged_document.pk).authentic


def test_the_published_keys_leave_out_a_key_inserted_into_the_trust_list(forged_document):
    published = json.loads(json.dumps(published_keys()))  # as /verify/keys.json serves them
    assert forged_document.key.key_id not in {key["kid"] for key in published["keys"]}
