"""Confirming something with a code sent by SMS to the number the state holds, bound to what is
confirmed (its digest), against the SMS gateway running as its own process."""

from __future__ import annotations

import datetime
import hashlib
import logging

import pytest
from django.utils import timezone

from qyzmet.accounts.confirmations import confirm_code, request_confirmation_code
from qyzmet.accounts.models import Confirmation, ConfirmationChallenge
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.notifications.models import Notification
from qyzmet.registries.models import Person
from tests.factories import CitizenFactory
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db

LABEL = {
    "kk": "«Тұрғылықты жері бойынша тіркеу» өтінімі",
    "ru": "заявка «Регистрация по месту жительства»",
    "en": "the application “Residence registration”",
}
BROWSER = {"channel": "portal", "requester": "browser-1", "address": "203.0.113.7"}


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


APPLICATION = digest_of('{"service": "residence-registration", "address": "Astana"}')
ANOTHER = digest_of('{"service": "residence-registration", "address": "Almaty"}')


def registered_phone(citizen) -> str:
    return Person.objects.get(iin=citizen.iin).mobile_phone


def citizen_with_phone():
    citizen = CitizenFactory()
    assert registered_phone(citizen), "the factory's citizen has a mobile number"
    return citizen


def citizen_without_phone():
    for person in Person.objects.filter(death_date__isnull=True).order_by("id"):
        if not person.mobile_phone and person.birth_date < datetime.date(2000, 1, 1):
            return CitizenFactory(iin=person.iin)
    raise AssertionError("the generated registry has adults without a mobile number")


def ask(citizen, digest: str = APPLICATION, language: str = "en", **who):
    sent = request_confirmation_code(
        citizen=citizen, digest=digest, purpose="application", label=LABEL, language=language,
        **(BROWSER | who),
    )  # fmt: skip
    run_jobs()  # the worker hands the message to the gateway
    return sent


def confirm(citizen, code: str, digest: str = APPLICATION, **who) -> Confirmation:
    return confirm_code(citizen=citizen, digest=digest, code=code, **(BROWSER | who))


def test_the_code_goes_by_sms_to_the_number_the_state_holds_and_says_what_it_confirms(
    sms_gateway,
):
    citizen = citizen_with_phone()
    citizen.phone = "+77770000001"  # a number the citizen gave: not where codes go
    citizen.save()
    phone = registered_phone(citizen)

    sent = ask(citizen, language="ru")

    (text,) = sms_gateway.messages_to(phone)
    assert "заявка «Регистрация по месту жительства»" in text and "5 минут" in text
    assert sms_gateway.messages_to("+77770000001") == []
    assert sent.phone_masked == "••••" + phone[-4:] and sent.minutes == 5


def test_the_code_confirms_the_digest_it_was_sent_for_and_records_who_when_and_the_message(
    sms_gateway,
):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))

    confirmation = confirm(citizen, code)

    assert confirmation.citizen == citizen and confirmation.digest == APPLICATION
    assert confirmation.purpose == "application" and confirmation.channel == "portal"
    assert confirmation.phone_masked == "••••" + registered_phone(citizen)[-4:]
    assert confirmation.gateway_message_id == "gw-1"
    assert confirmation.delivery_status == "accepted"  # the report is the gateway's to send
    assert timezone.now() - confirmation.confirmed_at < datetime.timedelta(minutes=1)
    assert Confirmation.objects.get(pk=confirmation.pk).digest == APPLICATION


def test_a_code_for_one_digest_never_confirms_another(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen, digest=APPLICATION)
    code = sms_gateway.code_sent_to(registered_phone(citizen))

    with pytest.raises(Invalid) as refused:
        confirm(citizen, code, digest=ANOTHER)

    assert refused.value.code == "signin.code_wrong"
    assert not Confirmation.objects.exists()


def test_a_code_confirms_only_its_own_citizen(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    someone_else = CitizenFactory(iin=Person.objects.exclude(iin=citizen.iin).first().iin)

    with pytest.raises(Invalid):
        confirm(someone_else, code)


def test_a_code_is_used_once(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    confirm(citizen, code)

    with pytest.raises(Invalid):
        confirm(citizen, code)
    assert Confirmation.objects.count() == 1


def test_an_expired_code_is_refused(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    ConfirmationChallenge.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(Invalid):
        confirm(citizen, code)


def test_a_code_works_only_for_whoever_asked_for_it(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))

    with pytest.raises(Invalid):
        confirm(citizen, code, requester="another-browser")
    assert confirm(citizen, code).digest == APPLICATION


def test_a_code_dies_after_five_wrong_ones(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
        with pytest.raises(Invalid):
            confirm(citizen, wrong, address=address)  # each from elsewhere: nobody locked out

    with pytest.raises(Invalid):
        confirm(citizen, code)


def test_wrong_codes_lock_out_whoever_types_them_and_are_audited(sms_gateway):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        with pytest.raises(Invalid):
            confirm(citizen, wrong)

    with pytest.raises(Forbidden) as locked:
        confirm(citizen, wrong)
    assert locked.value.code == "confirmation.locked"
    with pytest.raises(Forbidden):
        confirm(citizen, code)  # the right code too, while locked out
    with pytest.raises(Forbidden):
        ask(citizen)
    actions = list(AuditRecord.objects.values_list("action", flat=True))
    assert actions.count("confirmation.failed") == 5 and actions.count("confirmation.locked") == 1


def test_a_citizen_without_a_registered_number_is_told_and_nothing_is_sent(sms_gateway):
    citizen = citizen_without_phone()
    citizen.phone = "+77770000002"  # their own contact number does not stand in
    citizen.save()

    with pytest.raises(Forbidden) as refused:
        ask(citizen)

    assert refused.value.code == "confirmation.no_mobile_phone"
    assert sms_gateway.messages() == []
    assert not ConfirmationChallenge.objects.exists()


def test_the_request_and_the_confirmation_are_audited_with_the_digest_never_the_code(
    sms_gateway,
):
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    confirm(citizen, code)

    records = AuditRecord.objects.filter(action__startswith="confirmation.").order_by("id")
    assert [r.action for r in records] == ["confirmation.code_requested", "confirmation.confirmed"]
    assert all(r.details["digest"] == APPLICATION for r in records)
    assert all(code not in str(r.details) for r in records)


def test_codes_reach_no_log_and_the_stored_text_is_masked_once_sent(sms_gateway, caplog):
    caplog.set_level(logging.DEBUG)
    citizen = citizen_with_phone()
    ask(citizen)
    code = sms_gateway.code_sent_to(registered_phone(citizen))
    confirm(citizen, code)

    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    assert code not in logged
    (message,) = Notification.objects.filter(kind="confirmation.code")
    assert code not in message.body and "••••••" in message.body


def test_a_digest_must_be_a_sha256(sms_gateway):
    with pytest.raises(ValueError):
        ask(citizen_with_phone(), digest="not a digest")
