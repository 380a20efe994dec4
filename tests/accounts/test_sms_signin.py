"""Signing in with the ``sms`` identity provider: the one-time code goes by SMS, through the
gateway (its own process here), to the mobile number the population registry holds, and
never to the demo outbox. Nobody learns from the answer whether an IIN is registered or has a
number. On the portal's two pages and in the messenger."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from qyzmet.accounts.identity import code_provider, providers
from qyzmet.accounts.models import SignInChallenge, User
from qyzmet.accounts.sms_provider import SmsProvider
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.notifications.models import Notification, SmsMessage
from qyzmet.registries.models import Person
from tests.accounts.helpers import adult_without_phone, unregistered_iin
from tests.jobs.helpers import run_jobs
from tests.messenger.helpers import Messenger

pytestmark = pytest.mark.django_db
BROWSER = {"language": "en", "channel": "portal", "requester": "browser-1"}


@pytest.fixture
def sms_on(settings, sms_gateway):
    settings.IDENTITY_PROVIDERS = ["sms"]
    return sms_gateway


def phone_of(iin: str) -> str:
    return Person.objects.get(iin=iin).mobile_phone


def start(iin: str, **who) -> str:
    started = providers["sms"].start(identifier=iin, **(BROWSER | who))
    run_jobs()
    return started.identifier


def verify(iin: str, code: str, **who) -> User:
    return providers["sms"].verify(identifier=iin, response=code, **(BROWSER | who))


def test_the_sms_provider_is_built_in_and_is_the_code_provider_when_on(sms_on):
    assert isinstance(providers["sms"], SmsProvider)
    assert code_provider().name == "sms" and code_provider().delivery == "sms"


def test_the_code_goes_by_sms_to_the_registry_number_and_signs_the_citizen_in(sms_on, demo_people):
    iin = demo_people["pensioner"]
    User.objects.create(username="pensioner", iin=iin, phone="+77770000003")  # a number they gave

    start(iin)

    code = sms_on.code_sent_to(phone_of(iin))
    assert sms_on.messages_to("+77770000003") == []
    assert not Notification.objects.filter(kind="signin.code", channel="console").exists()
    assert verify(iin, code).iin == iin
    (message,) = SmsMessage.objects.all()
    assert message.kind == "signin.code" and message.gateway_message_id == "gw-1"


def test_a_wrong_code_is_refused_and_counted(sms_on, demo_people):
    iin = demo_people["pensioner"]
    start(iin)
    code = sms_on.code_sent_to(phone_of(iin))

    with pytest.raises(Invalid) as refused:
        verify(iin, f"{(int(code) + 1) % 1_000_000:06d}")

    assert refused.value.code == "signin.code_wrong"
    assert SignInChallenge.objects.get().wrong_codes == 1


def test_an_expired_code_is_refused(sms_on, demo_people):
    iin = demo_people["pensioner"]
    start(iin)
    code = sms_on.code_sent_to(phone_of(iin))
    SignInChallenge.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(Invalid):
        verify(iin, code)


def test_five_wrong_codes_lock_out_whoever_typed_them(sms_on, demo_people):
    iin = demo_people["pensioner"]
    start(iin)
    code = sms_on.code_sent_to(phone_of(iin))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        with pytest.raises(Invalid):
            verify(iin, wrong)
    with pytest.raises(Forbidden) as locked:
        verify(iin, wrong)
    assert locked.value.code == "signin.locked"


def test_an_unknown_iin_and_a_person_without_a_number_get_the_same_answer_and_work(
    sms_on, demo_people
):
    registered, numberless, nobody = (
        demo_people["pensioner"],
        adult_without_phone(),
        unregistered_iin(),
    )

    answers = [start(iin, requester=f"browser-{iin}") for iin in (registered, numberless, nobody)]

    assert answers == [registered, numberless, nobody]  # each answer is just the IIN typed
    assert SignInChallenge.objects.count() == 3  # a code made and stored for each
    assert [m["to"] for m in sms_on.messages()] == [phone_of(registered)]  # one text only
    assert Notification.objects.filter(kind="signin.code").count() == 1


def test_codes_never_reach_a_log(sms_on, demo_people, caplog):
    caplog.set_level(logging.DEBUG)
    iin = demo_people["pensioner"]
    start(iin)
    code = sms_on.code_sent_to(phone_of(iin))
    verify(iin, code)

    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    assert logged and code not in logged
    assert code not in Notification.objects.get(kind="signin.code").body


# -- the portal's two pages --------------------------------------------------------------------


def test_a_citizen_signs_in_on_the_portal_with_a_code_read_from_their_phone(
    client, sms_on, demo_people
):
    iin = demo_people["parent"]
    page = client.get("/sign-in/").content.decode()
    assert "IIN and a code by SMS" in page and "Get a code by SMS" in page

    response = client.post("/sign-in/", {"iin": iin, "provider": "sms"})
    assert response.status_code == 302 and response.url == "/sign-in/code/"
    run_jobs()
    code_page = client.get("/sign-in/code/").content.decode()
    assert "we have sent a one-time code by SMS to that number" in code_page
    assert "demo outbox" not in code_page

    response = client.post("/sign-in/code/", {"code": sms_on.code_sent_to(phone_of(iin))})

    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(iin=iin).pk)


def test_the_portal_refuses_a_wrong_code_in_the_citizens_language(client, sms_on, demo_people):
    iin = demo_people["parent"]
    client.post("/sign-in/", {"iin": iin, "provider": "sms"})
    run_jobs()
    code = sms_on.code_sent_to(phone_of(iin))

    page = client.post(
        "/sign-in/code/", {"code": f"{(int(code) + 1) % 1_000_000:06d}"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert page.status_code == 200
    assert "Код неверный или устарел" in page.content.decode()


# -- the messenger -------------------------------------------------------------------------


def test_a_messenger_chat_links_with_a_code_sent_by_sms(client, sms_on, demo_people):
    iin = demo_people["parent"]
    chat = Messenger(client)
    chat.write("/start")

    answer = chat.write(iin)
    run_jobs()

    assert "we have sent a one-time code by SMS to that number" in answer
    assert "this chat is linked to" in chat.write(sms_on.code_sent_to(phone_of(iin)))
