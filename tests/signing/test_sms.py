"""A service that allows SMS is signed with a code sent to the phone the state holds (through
the SMS gateway, a process of its own), bound to the digest of the draft's document: the right
code submits it; a wrong code, or one sent before the draft changed, is refused."""

from __future__ import annotations

import pytest

from qyzmet.applications.models import ApplicationSignature
from qyzmet.applications.services import save_draft
from qyzmet.applications.signature_checks import signing_request, verify_application_signature
from qyzmet.messenger import applying
from qyzmet.messenger.models import Chat, Step
from qyzmet.registries.models import Person
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory
from tests.jobs.helpers import run_jobs
from tests.signing.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    citizen = CitizenFactory()
    return ApplicationFactory(service="encumbrance-certificate", citizen=citizen)


def phone_of(draft) -> str:
    return Person.objects.get(iin=draft.citizen.iin).mobile_phone


def ask_code(client, draft, **headers):
    answer = client.post(f"/api/v1/applications/{draft.pk}/signing/code", **bearer(draft.citizen),
                         **headers)  # fmt: skip
    assert answer.status_code == 202, answer.content
    run_jobs()  # the worker hands the text to the gateway
    return answer.json()


def test_a_partner_has_the_citizen_confirm_by_sms_and_submits_with_the_code(
    client, draft, sms_gateway
):
    sent = ask_code(client, draft)
    assert sent["digest"] == signing_request(draft).digest
    assert sent["sent_to"].endswith(phone_of(draft)[-2:]) and phone_of(draft) not in sent["sent_to"]
    [text] = sms_gateway.messages_to(phone_of(draft))
    assert f"signing application {draft.reference}" in text
    code = sms_gateway.code_sent_to(phone_of(draft))
    answer = submit(client, draft, {"signature": {"sms_code": code}})
    assert answer.status_code == 200, answer.content
    kept = ApplicationSignature.objects.get(application=draft)
    assert (kept.method, kept.assurance, kept.valid) == ("sms", "sms", True)
    assert kept.confirmation.digest == kept.document_digest == sent["digest"]
    assert kept.signer_iin == draft.citizen.iin
    shown = client.get(f"/api/v1/applications/{draft.pk}/signature", **bearer(draft.citizen))
    assert shown.json()["confirmation"]["phone"] == sent["sent_to"]


def test_a_wrong_code_is_refused_and_the_draft_kept(client, draft, sms_gateway):
    ask_code(client, draft)
    right = sms_gateway.code_sent_to(phone_of(draft))
    wrong = "000000" if right != "000000" else "111111"
    answer = submit(client, draft, {"signature": {"sms_code": wrong}}, HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 422 and answer.json()["code"] == "signin.code_wrong"
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not ApplicationSignature.objects.filter(application=draft).exists()


def test_a_code_sent_before_the_draft_changed_confirms_nothing(client, draft, sms_gateway):
    ask_code(client, draft)
    code = sms_gateway.code_sent_to(phone_of(draft))
    other = {"encumbrance-certificate": {"cadastral_number": "20:315:042:118:48"}}
    save_draft(application=draft, citizen=draft.citizen, channel="api", data=other)
    answer = submit(client, draft, {"signature": {"sms_code": code}})
    assert answer.status_code == 422 and answer.json()["code"] == "signin.code_wrong"


def test_a_code_asked_by_one_partner_does_not_work_for_the_citizens_own_app(
    client, draft, sms_gateway
):
    ask_code(client, draft)
    code = sms_gateway.code_sent_to(phone_of(draft))
    client.force_login(draft.citizen)  # the portal: another requester
    page = client.post(f"/applications/{draft.pk}/review/", {"method": "sms", "sms_code": code},
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert page.status_code == 200 and "code is wrong" in page.content.decode().lower()


def test_the_portal_sends_a_code_and_submits_with_it(client, draft, sms_gateway):
    client.force_login(draft.citizen)
    review = f"/applications/{draft.pk}/review/"
    page = client.get(review, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send me a code" in page and "Sign with EDS" in page
    sent = client.post(review, {"action": "send-code"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert sent.redirect_chain == [(review, 302)]
    assert "We sent a code to" in sent.content.decode()
    assert "The code from the SMS" in sent.content.decode()
    run_jobs()
    code = sms_gateway.code_sent_to(phone_of(draft))
    done = client.post(review, {"method": "sms", "sms_code": code, "action": "submit"})
    assert done.status_code == 302 and done["Location"] == f"/applications/{draft.pk}/submitted/"
    assert ApplicationSignature.objects.get(application=draft).method == "sms"


def test_the_chat_sends_a_code_and_the_typed_code_submits(draft, sms_gateway):
    chat = Chat.objects.create(chat_id=7_700_002, language="en", step=Step.REVIEW,
                               application=draft)  # fmt: skip
    [sent] = applying.send_signing_code(chat, draft.citizen, application_id=draft.pk.hex)
    assert chat.step == Step.CONFIRM and "Type it here" in sent.text
    run_jobs()
    code = sms_gateway.code_sent_to(phone_of(draft))
    [reply] = applying.type_signing_code(chat, draft.citizen, code)
    assert reply.text.startswith("Submitted:"), reply.text
    assert ApplicationSignature.objects.get(application=draft).method == "sms"


def test_an_sms_confirmation_is_checked_again_later(client, draft, sms_gateway):
    ask_code(client, draft)
    code = sms_gateway.code_sent_to(phone_of(draft))
    assert submit(client, draft, {"signature": {"sms_code": code}}).status_code == 200
    check = verify_application_signature(application=draft, actor=None, channel="test")
    assert check.valid and check.problems == []
