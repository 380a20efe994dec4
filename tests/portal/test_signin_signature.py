"""The portal's EDS sign-in page: it shows what is signed, in the person's language, takes the
signed text back (from NCALayer's script or pasted), and signs in; a refused signature shows
why on the same page, which stays usable with a new text to sign."""

from __future__ import annotations

import re
from html import unescape

import pytest

from qyzmet.core.messages import MESSAGES
from tests.support.pki import ServedPKI, sign_xml

pytestmark = pytest.mark.django_db

PAGE = "/sign-in/eds/signature/"


@pytest.fixture
def eds_on(settings, eds_trust: ServedPKI) -> ServedPKI:
    settings.IDENTITY_PROVIDERS = ["demo", "eds"]
    return eds_trust


def text_to_sign(page) -> bytes:
    found = re.search(r'<textarea id="signature-document"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "the page shows the text to sign"
    return unescape(found.group(1)).encode("utf-8")


def post_signed(client, signed: bytes | str, language: str = "en", **extra):
    text = signed.decode("utf-8") if isinstance(signed, bytes) else signed
    return client.post(PAGE, {"signed": text, **extra}, HTTP_ACCEPT_LANGUAGE=language)


def test_the_sign_in_page_offers_the_eds_when_it_is_on(client, eds_on):
    page = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="{PAGE}"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "The text you sign"), ("ru", "Текст, который вы подписываете"),
     ("kk", "Сіз қол қоятын мәтін")],
)  # fmt: skip
def test_the_page_says_what_is_signed_in_the_persons_language(client, eds_on, language, words):
    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    assert b"<purpose>sign-in</purpose><challenge>" in text_to_sign(page)
    assert 'name="signed"' in page  # the form works without JavaScript


def test_only_this_page_may_connect_to_ncalayer(client, eds_on, settings):
    policy = client.get(PAGE).headers["Content-Security-Policy"]
    elsewhere = client.get("/sign-in/").headers["Content-Security-Policy"]

    assert f"connect-src 'self' {settings.EDS_NCALAYER_URL}" in policy
    assert "script-src 'self';" in policy + ";"
    assert settings.EDS_NCALAYER_URL not in elsewhere


def test_a_signed_text_signs_in_and_goes_where_the_person_was_going(client, eds_on, demo_people):
    person = eds_on.pki.person(demo_people["parent"])
    page = client.get(PAGE + "?next=/applications/").content.decode()

    response = post_signed(client, sign_xml(text_to_sign(page), person.key, person.certificate))

    assert response.status_code == 302
    assert response["Location"] == "/applications/"
    assert client.get("/applications/").status_code == 200
    assert "signed_in_company" not in client.session


def test_a_company_certificate_keeps_the_company_in_the_session(client, eds_on, demo_people):
    head = eds_on.pki.person(demo_people["parent"], company_bin="040340008429", role="head")
    page = client.get(PAGE).content.decode()

    post_signed(client, sign_xml(text_to_sign(page), head.key, head.certificate))

    assert client.session["signed_in_company"]["bin"] == "040340008429"
    assert client.session["signed_in_company"]["role"] == "head"


def test_a_signed_text_works_once(client, eds_on, demo_people):
    person = eds_on.pki.person(demo_people["parent"])
    signed = sign_xml(
        text_to_sign(client.get(PAGE).content.decode()), person.key, person.certificate
    )
    post_signed(client, signed)
    client.post("/sign-out/")

    again = post_signed(client, signed)

    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_revoked_certificate_is_refused_in_the_persons_language_on_a_usable_page(
    client, eds_on, demo_people, language
):
    person = eds_on.pki.person(demo_people["parent"])
    eds_on.pki.revoke(person)
    first = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    response = post_signed(
        client, sign_xml(text_to_sign(first), person.key, person.certificate), language
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert unescape(MESSAGES["signature.certificate_revoked"][language]) in unescape(page)
    assert text_to_sign(page) != text_to_sign(first)  # a new text, to try again at once
    assert 'name="signed"' in page
    assert "_auth_user_id" not in client.session


def test_an_expired_certificate_is_refused(client, eds_on, demo_people):
    expired = eds_on.pki.expired(demo_people["parent"])
    page = client.get(PAGE).content.decode()

    response = post_signed(client, sign_xml(text_to_sign(page), expired.key, expired.certificate))

    assert response.status_code == 403
    assert MESSAGES["signature.certificate_expired"]["en"] in unescape(response.content.decode())


def test_a_foreign_certificate_is_refused(client, eds_on, demo_people):
    foreigner = eds_on.pki.person(demo_people["parent"], foreign=True)
    page = client.get(PAGE).content.decode()

    response = post_signed(
        client, sign_xml(text_to_sign(page), foreigner.key, foreigner.certificate), "ru"
    )

    assert response.status_code == 403
    assert MESSAGES["signature.untrusted_issuer"]["ru"] in unescape(response.content.decode())


def test_a_text_signed_for_another_page_is_refused(client, eds_on, demo_people, django_user_model):
    from django.test import Client

    person = eds_on.pki.person(demo_people["parent"])
    elsewhere = text_to_sign(Client().get(PAGE).content.decode())  # another browser's text
    client.get(PAGE)

    response = post_signed(client, sign_xml(elsewhere, person.key, person.certificate))

    assert response.status_code == 403
    assert MESSAGES["signin.eds_wrong_challenge"]["en"] in unescape(response.content.decode())


@pytest.mark.parametrize(
    ("sent", "code"),
    [
        ("", "required"),
        ("<not-xml", "signature.malformed"),
        ("x" * 2_000_000, "signature.malformed"),
    ],
    ids=["empty", "not-xml", "huge"],
)
def test_what_is_not_a_signed_text_is_refused_as_such(client, eds_on, sent, code):
    client.get(PAGE)

    response = post_signed(client, sent, "kk")

    assert response.status_code == 400
    assert MESSAGES[code]["kk"] in unescape(response.content.decode())


def test_a_post_without_a_page_first_is_refused_not_an_error(client, eds_on):
    response = post_signed(client, "<login/>")

    assert response.status_code in {400, 403}


def test_the_page_is_not_there_when_the_eds_is_off(client, settings):
    settings.IDENTITY_PROVIDERS = ["demo"]

    assert client.get(PAGE).status_code == 404
    assert client.get("/sign-in/demo/signature/").status_code == 404


def test_visitors_loading_the_page_leave_no_challenge_in_the_database(eds_on):
    # Anyone may load the page, as often as they like, with or without a cookie: only a
    # challenge that was signed is written down (spent), so loading it floods no table.
    from django.test import Client

    from qyzmet.accounts.models import ConsumedNonce, SignInChallenge

    for _ in range(20):
        assert Client().get(PAGE).status_code == 200
    browser = Client()
    for _ in range(20):
        assert browser.get(PAGE).status_code == 200

    assert SignInChallenge.objects.count() == 0
    assert ConsumedNonce.objects.count() == 0
