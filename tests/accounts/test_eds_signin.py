"""Signing in with an EDS: the person signs the challenge the server made, with a certificate
of the (test) national CA; the account is the one of the IIN the certificate names."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.accounts.eds import EdsProvider
from qyzmet.accounts.identity import company_of
from qyzmet.accounts.models import SignInAttempt, User
from qyzmet.core.errors import Forbidden
from qyzmet.core.identifiers import make_iin
from tests.support.pki import ServedPKI, sign_xml

pytestmark = pytest.mark.django_db

ASKING = {"language": "en", "channel": "portal", "address": "203.0.113.7"}


def sign_in(provider, state, signed: bytes):
    return provider.verify(state=state, signed=signed.decode("utf-8"), **ASKING)


def test_a_signed_challenge_signs_in_the_person_the_certificate_names(eds_trust, demo_people):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"])
    document = provider.challenge(state=state, language="en").encode()

    user = sign_in(provider, state, sign_xml(document, person.key, person.certificate))

    assert user.iin == demo_people["parent"]
    assert company_of(user) is None
    assert SignInAttempt.objects.filter(event=SignInAttempt.Event.SIGNED_IN).count() == 1


def test_the_persons_sign_in_certificate_signs_them_in(eds_trust, demo_people):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"], authentication=True)
    document = provider.challenge(state=state, language="en").encode()

    user = sign_in(provider, state, sign_xml(document, person.key, person.certificate))

    assert user.iin == demo_people["parent"]


def test_a_company_certificate_signs_in_its_holder_and_names_the_company(
    eds_trust: ServedPKI, demo_people
) -> None:
    provider, state = EdsProvider(), {}
    head = eds_trust.pki.person(demo_people["parent"], company_bin="040340008429", role="head")
    document = provider.challenge(state=state, language="en").encode()

    user = sign_in(provider, state, sign_xml(document, head.key, head.certificate))

    assert user.iin == demo_people["parent"]
    assert company_of(user) == {
        "bin": "040340008429",
        "role": "head",
        "holder": "ТЕСТОВ ТЕСТ ТЕСТОВИЧ",
    }


def test_a_challenge_signs_in_once(eds_trust, demo_people):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"])
    signed = sign_xml(
        provider.challenge(state=state, language="en").encode(), person.key, person.certificate
    )
    sign_in(provider, state, signed)

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, signed)

    assert refused.value.code == "signin.eds_challenge_lost"


def test_an_expired_challenge_is_refused(eds_trust, demo_people, settings):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"])
    signed = sign_xml(
        provider.challenge(state=state, language="en").encode(), person.key, person.certificate
    )
    minutes = datetime.timedelta(minutes=settings.EDS_CHALLENGE_MINUTES, seconds=1)
    state["eds"]["issued"] = (timezone.now() - minutes).isoformat()  # made that long ago

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, signed)

    assert refused.value.code == "signin.eds_challenge_lost"


def test_another_text_signed_is_refused(eds_trust, demo_people):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"])
    provider.challenge(state=state, language="en")
    other_state: dict = {}
    other = provider.challenge(state=other_state, language="en").encode()  # another browser's

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, sign_xml(other, person.key, person.certificate))

    assert refused.value.code == "signin.eds_wrong_challenge"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda pki, iin: pki.expired(iin), "signature.certificate_expired"),
        (lambda pki, iin: pki.person(iin, foreign=True), "signature.untrusted_issuer"),
    ],
    ids=["expired", "foreign"],
)
def test_a_certificate_that_does_not_hold_signs_no_one_in(eds_trust, demo_people, make, problem):
    provider, state = EdsProvider(), {}
    person = make(eds_trust.pki, demo_people["parent"])
    document = provider.challenge(state=state, language="en").encode()

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, sign_xml(document, person.key, person.certificate))

    assert refused.value.code == problem


def test_a_revoked_certificate_signs_no_one_in(eds_trust, demo_people):
    provider, state = EdsProvider(), {}
    person = eds_trust.pki.person(demo_people["parent"])
    eds_trust.pki.revoke(person)
    document = provider.challenge(state=state, language="en").encode()

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, sign_xml(document, person.key, person.certificate))

    assert refused.value.code == "signature.certificate_revoked"


def test_a_certificate_of_someone_the_registry_does_not_know_signs_no_one_in(eds_trust):
    provider, state = EdsProvider(), {}
    unknown = next(
        iin for serial in range(9000, 9100)
        if (iin := make_iin(datetime.date(1901, 1, 1), "m", serial))
        and not User.objects.filter(iin=iin).exists()
    )  # fmt: skip
    stranger = eds_trust.pki.person(unknown)
    document = provider.challenge(state=state, language="en").encode()

    with pytest.raises(Forbidden) as refused:
        sign_in(provider, state, sign_xml(document, stranger.key, stranger.certificate))

    assert refused.value.code == "signin.unknown_person"
