"""A citizen signs in on the portal with their IIN and a one-time code from the outbox, in
Kazakh, Russian or English, and is told clearly what went wrong."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from qyzmet.accounts.models import SignInAttempt, User
from qyzmet.audit.models import AuditRecord
from qyzmet.notifications.models import Notification
from tests.accounts.helpers import code_sent_to, minutes_pass, unregistered_iin, wrong_code

pytestmark = pytest.mark.django_db


def enter_iin(client, iin, next_url="", **headers):
    query = f"?next={next_url}" if next_url else ""
    return client.post(f"/sign-in/{query}", {"iin": iin}, **headers)


def enter_code(client, code, **headers):
    return client.post("/sign-in/code/", {"code": code}, **headers)


def test_a_citizen_signs_in_with_iin_and_a_code_from_the_outbox(client, demo_people):
    iin = demo_people["parent"]
    page = client.get("/sign-in/")
    assert page.status_code == 200
    assert b'<label for="iin">' in page.content
    response = enter_iin(client, iin)
    assert response.status_code == 302 and response.url == "/sign-in/code/"
    code_page = client.get("/sign-in/code/")
    assert b'autocomplete="one-time-code"' in code_page.content
    assert b'inputmode="numeric"' in code_page.content
    anonymous_key = client.session.session_key

    response = enter_code(client, code_sent_to(iin))

    assert response.status_code == 302 and response.url == "/"
    user = User.objects.get(iin=iin)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != anonymous_key  # rotated: no session fixation
    assert "signin_iin" not in client.session
    assert AuditRecord.objects.filter(action="signin.signed_in", actor=user).exists()


def test_the_session_cookie_is_http_only_same_site_and_ends_when_idle(client, demo_people):
    enter_iin(client, demo_people["parent"])
    response = enter_code(client, code_sent_to(demo_people["parent"]))
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30 * 60
    assert not cookie["secure"]  # QYZMET_SECURE_COOKIES is off in tests


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "ИИН состоит из 12 цифр."),
        ("kk", "ЖСН 12 цифрдан тұрады."),
        ("en", "An IIN has 12 digits."),
    ],
)
def test_a_mistyped_iin_is_explained_in_the_citizens_language(client, language, message):
    response = enter_iin(client, "85010130", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#iin"' in html and 'aria-invalid="true"' in html
    assert 'value="85010130"' in html  # what was typed is kept
    assert f'lang="{language}"' in html


def test_a_wrong_check_digit_is_explained_in_russian(client):
    response = enter_iin(client, "850101300125", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Не сходится контрольная цифра" in response.content.decode()


def test_a_wrong_code_is_explained_and_does_not_sign_in(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    response = enter_code(client, wrong_code(iin), HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Код неверный или устарел" in html and 'href="#code"' in html
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_this_browser_out_with_a_clear_message(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    for _ in range(4):
        enter_code(client, wrong_code(iin))
    response = enter_code(client, wrong_code(iin), HTTP_ACCEPT_LANGUAGE="kk")
    assert re.search(r"Кіру бұғатталды: \d+ минуттан кейін қайталаңыз\.", response.content.decode())
    response = enter_code(client, code_sent_to(iin))
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = enter_iin(client, iin)
    assert "Signing in is locked" in response.content.decode()
    assert AuditRecord.objects.filter(action="signin.locked").exists()


def test_a_stranger_typing_wrong_codes_for_a_citizens_iin_does_not_lock_the_citizen_out(
    demo_people,
):
    iin = demo_people["parent"]
    citizen, stranger = Client(REMOTE_ADDR="192.0.2.10"), Client(REMOTE_ADDR="198.51.100.66")
    enter_iin(citizen, iin)
    code = code_sent_to(iin)
    enter_iin(stranger, iin)
    for _ in range(10):
        enter_code(stranger, wrong_code(iin))
    assert "Signing in is locked" in enter_code(stranger, wrong_code(iin)).content.decode()

    assert enter_code(citizen, code).url == "/"
    assert "_auth_user_id" in citizen.session


def test_a_stranger_asking_many_codes_for_a_citizens_iin_does_not_keep_the_citizen_out(
    settings, demo_people
):
    settings.SIGNIN_CODES_PER_HOUR = 3
    iin = demo_people["parent"]
    stranger = Client(REMOTE_ADDR="198.51.100.66", HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        assert enter_iin(stranger, iin).status_code == 302
    refused = enter_iin(stranger, iin).content.decode()
    assert "Too many codes were asked from here" in refused

    citizen = Client(REMOTE_ADDR="192.0.2.10")
    assert enter_iin(citizen, iin).status_code == 302
    assert enter_code(citizen, code_sent_to(iin)).url == "/"


def test_behind_the_balancer_limits_count_the_clients_address_not_the_balancers(
    settings, demo_people
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGNIN_CODES_PER_ADDRESS = 1
    via_balancer = {"REMOTE_ADDR": "10.0.0.5"}
    first = enter_iin(
        Client(), demo_people["parent"], HTTP_X_FORWARDED_FOR="192.0.2.7", **via_balancer
    )
    other = enter_iin(
        Client(), demo_people["pensioner"], HTTP_X_FORWARDED_FOR="192.0.2.8", **via_balancer
    )
    assert first.status_code == other.status_code == 302  # two clients, not one balancer
    again = enter_iin(
        Client(), demo_people["young_adult"], HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7",
        **via_balancer,
    )  # fmt: skip
    assert again.status_code == 200  # the first client again, whatever it claimed before
    assert SignInAttempt.objects.filter(address="192.0.2.7").count() == 1


def test_an_expired_code_does_not_sign_in(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    minutes_pass(6)
    response = enter_code(client, code_sent_to(iin))
    assert "The code is wrong or has expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_signs_in_once(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    code = code_sent_to(iin)
    enter_code(client, code)
    other = Client()  # someone who saw the code over the citizen's shoulder
    session = other.session
    session["signin_iin"] = iin
    session.save()
    response = other.post("/sign-in/code/", {"code": code})
    assert response.status_code == 200 and "_auth_user_id" not in other.session


def test_an_unknown_iin_gets_the_same_page_but_no_code(client):
    iin = unregistered_iin()
    response = enter_iin(client, iin)
    assert response.status_code == 302 and response.url == "/sign-in/code/"
    page = client.get("/sign-in/code/").content.decode()
    assert f"If the IIN {iin} is in the population registry" in page
    assert not Notification.objects.filter(address=iin).exists()


def test_the_code_page_without_an_iin_sends_back_to_the_first_step(client):
    assert client.get("/sign-in/code/").url == "/sign-in/"


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/inbox/", "/inbox/"),
        ("https://evil.example/steal", "/"),
        ("//evil.example/steal", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_after_sign_in_only_pages_of_this_site_are_followed(client, demo_people, next_url, landing):
    iin = demo_people["parent"]
    enter_iin(client, iin, next_url=next_url)
    assert enter_code(client, code_sent_to(iin)).url == landing


def test_a_signed_in_citizen_is_sent_on_from_the_sign_in_page(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    enter_code(client, code_sent_to(iin))
    assert client.get("/sign-in/?next=/inbox/").url == "/inbox/"


def test_signing_out_needs_a_post_and_ends_the_session(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    enter_code(client, code_sent_to(iin))
    confirm = client.get("/sign-out/")
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert "_auth_user_id" in client.session
    assert client.post("/sign-out/").url == "/"
    assert "_auth_user_id" not in client.session


def test_the_demo_outbox_lists_recent_codes(client, demo_people):
    iin = demo_people["parent"]
    enter_iin(client, iin)
    page = client.get("/demo/outbox/").content.decode()
    assert iin in page and code_sent_to(iin) in page


def test_the_demo_outbox_is_hidden_when_demo_pages_are_off(client, settings, demo_people):
    settings.DEMO_PAGES = False
    enter_iin(client, demo_people["parent"])
    assert client.get("/demo/outbox/").status_code == 404
    assert b"/demo/outbox/" not in client.get("/sign-in/code/").content


def test_one_address_cannot_ask_codes_for_many_iins(client, settings, demo_people):
    settings.SIGNIN_CODES_PER_ADDRESS = 2
    here = {"REMOTE_ADDR": "192.0.2.7", "HTTP_ACCEPT_LANGUAGE": "en"}
    for role in ("parent", "pensioner"):
        assert enter_iin(Client(), demo_people[role], **here).status_code == 302
    refused = enter_iin(Client(), demo_people["young_adult"], **here)
    assert refused.status_code == 200
    assert "error-message" in refused.content.decode()
    elsewhere = {"REMOTE_ADDR": "198.51.100.9"}
    assert enter_iin(Client(), demo_people["young_adult"], **elsewhere).status_code == 302
