"""Signing in with an IIN and a one-time code: codes are secret, short-lived, used once and
only by whoever asked for them, guessing locks out the guesser (never the IIN), and nobody
learns whether an IIN is in the registry, not even from the work an answer takes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.accounts.models import SignInChallenge, User, citizen_username
from qyzmet.accounts.signin import request_code, verify_code
from qyzmet.audit.models import AuditRecord
from qyzmet.core.errors import Forbidden, Invalid
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.notifications.models import Notification
from qyzmet.registries.models import Person
from tests.accounts.helpers import (
    code_sent_to,
    later,
    minutes_pass,
    unregistered_iin,
    wrong_code,
)

pytestmark = pytest.mark.django_db


CITIZEN = {"requester": "citizen's browser", "address": "192.0.2.10"}
STRANGER = {"requester": "stranger's browser", "address": "198.51.100.66"}


def ask(iin: str, language: str = "en", who: dict = CITIZEN) -> str:
    return request_code(iin=iin, language=language, channel="portal", **who)


def answer(iin: str, code: str, language: str = "en", who: dict = CITIZEN) -> User:
    return verify_code(iin=iin, code=code, language=language, channel="portal", **who)


def test_a_registered_citizen_gets_a_code_through_the_outbox_in_their_language(demo_people):
    iin = demo_people["pensioner"]
    ask(iin, language="kk")
    message = Notification.objects.get(kind="signin.code", address=iin)
    assert message.channel == "console" and message.language == "kk"
    assert message.subject == "Кіру коды"
    code = code_sent_to(iin)
    challenge = SignInChallenge.objects.get(iin=iin)
    assert code not in challenge.code_digest and len(challenge.code_digest) == 64


def test_spaces_in_the_iin_are_forgiven(demo_people):
    iin = demo_people["pensioner"]
    assert ask(f" {iin[:6]} {iin[6:]} ") == iin


def test_the_code_signs_the_citizen_in_with_an_account_made_from_the_registry(demo_people):
    iin = demo_people["pensioner"]
    ask(iin, language="ru")
    user = answer(iin, code_sent_to(iin), language="ru")
    person = Person.objects.get(iin=iin)
    assert (user.username, user.iin, user.language) == (citizen_username(iin), iin, "ru")
    assert iin not in user.username  # a pseudonym: user names reach audit records and logs
    assert (user.first_name, user.last_name) == (person.first_name_ru, person.last_name_ru)
    assert not user.has_usable_password()
    actions = set(AuditRecord.objects.filter(actor=user).values_list("action", flat=True))
    assert {"account.created", "signin.signed_in"} <= actions


def test_signing_in_again_uses_the_same_account_and_remembers_the_language(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    first = answer(iin, code_sent_to(iin))
    ask(iin, language="kk")
    again = answer(iin, code_sent_to(iin), language="kk")
    assert again.pk == first.pk and again.language == "kk"
    assert User.objects.filter(iin=iin).count() == 1


def test_a_code_is_used_once(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    code = code_sent_to(iin)
    answer(iin, code)
    with pytest.raises(Invalid) as refused:
        answer(iin, code)
    assert refused.value.code == "signin.code_wrong"


def test_an_expired_code_is_refused(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    minutes_pass(6)
    with pytest.raises(Invalid) as refused:
        answer(iin, code_sent_to(iin))
    assert refused.value.code == "signin.code_wrong"


def test_a_new_code_replaces_the_one_before(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    old = code_sent_to(iin)
    ask(iin)
    if old != code_sent_to(iin):
        with pytest.raises(Invalid):
            answer(iin, old)
    assert answer(iin, code_sent_to(iin)).iin == iin


def test_an_unknown_iin_gets_the_same_answer_but_no_code():
    iin = unregistered_iin()
    assert ask(iin) == iin
    assert not Notification.objects.filter(address=iin).exists()
    with pytest.raises(Invalid) as refused:
        answer(iin, "123456")
    assert refused.value.code == "signin.code_wrong"
    assert not User.objects.filter(iin=iin).exists()


def test_a_dead_person_gets_no_code():
    iin = Person.objects.filter(death_date__isnull=False).values_list("iin", flat=True).first()
    ask(iin)
    assert not Notification.objects.filter(address=iin).exists()


@pytest.mark.parametrize(
    ("typed", "code"),
    [("", "required"), ("12345", "iin.not_12_digits"), ("850101300125", "iin.bad_check_digit")],
)
def test_a_mistyped_iin_is_explained(typed, code):
    with pytest.raises(Invalid) as refused:
        ask(typed)
    assert refused.value.code == code


def test_a_code_that_is_not_six_digits_is_explained_and_not_counted(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    for typed in ("12345", "abcdef", "1234567"):
        with pytest.raises(Invalid) as refused:
            answer(iin, typed)
        assert refused.value.code == "signin.code_format"
    assert answer(iin, code_sent_to(iin)).iin == iin


def test_five_wrong_codes_lock_out_whoever_typed_them(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    for _ in range(4):
        with pytest.raises(Invalid):
            answer(iin, wrong_code(iin))
    with pytest.raises(Forbidden) as locked:
        answer(iin, wrong_code(iin))
    assert locked.value.code == "signin.locked" and 1 <= locked.value.params["minutes"] <= 15
    with pytest.raises(Forbidden):
        answer(iin, code_sent_to(iin))  # even the right code, while locked
    with pytest.raises(Forbidden):
        ask(iin)
    locked = AuditRecord.objects.filter(
        action="signin.locked", details__subject=subject_digest(iin)
    )
    assert locked.count() == 1

    minutes_pass(16)
    with later(minutes=16):
        ask(iin)
        assert answer(iin, code_sent_to(iin)).iin == iin


def test_a_stranger_typing_wrong_codes_for_an_iin_does_not_lock_its_owner_out(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)  # the citizen asks for a code...
    code = code_sent_to(iin)
    ask(iin, who=STRANGER)  # ...and so does a stranger who knows their IIN
    for _ in range(10):
        with pytest.raises((Invalid, Forbidden)):
            answer(iin, wrong_code(iin), who=STRANGER)
    with pytest.raises(Forbidden):
        answer(iin, code_sent_to(iin), who=STRANGER)
    assert answer(iin, code).iin == iin  # the citizen's own code still signs them in


def test_a_code_works_only_for_whoever_asked_for_it(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    with pytest.raises(Invalid):  # seen over the citizen's shoulder, typed elsewhere
        answer(iin, code_sent_to(iin), who=STRANGER)
    assert answer(iin, code_sent_to(iin)).iin == iin


def test_a_code_dies_after_five_wrong_codes(demo_people):
    iin = demo_people["pensioner"]
    ask(iin)
    for _ in range(5):
        with pytest.raises((Invalid, Forbidden)):
            answer(iin, wrong_code(iin))
    SignInChallenge.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    with later(minutes=16), pytest.raises(Invalid):  # the lock has ended, the code stays dead
        answer(iin, code_sent_to(iin))


def test_wrong_codes_for_an_unknown_iin_lock_out_just_the_same():
    iin = unregistered_iin()
    ask(iin)
    for _ in range(4):
        with pytest.raises(Invalid):
            answer(iin, "000000")
    with pytest.raises(Forbidden) as locked:
        answer(iin, "000000")
    assert locked.value.code == "signin.locked"


def test_one_session_may_ask_only_a_few_codes_an_hour(settings, demo_people):
    settings.SIGNIN_CODES_PER_HOUR = 3
    for _ in range(3):
        ask(demo_people["pensioner"])
    for iin in (demo_people["pensioner"], unregistered_iin()):
        with pytest.raises(Forbidden) as refused:
            ask(iin)
        assert refused.value.code == "signin.too_many_codes"
    with later(61):
        ask(demo_people["pensioner"])


def test_a_stranger_asking_many_codes_for_an_iin_does_not_stop_its_owner_getting_one(
    settings, demo_people
):
    settings.SIGNIN_CODES_PER_HOUR = 3
    iin = demo_people["pensioner"]
    refused = 0
    for session in range(10):  # a new session each time, from one address
        try:
            ask(iin, who={**STRANGER, "requester": f"stranger's browser {session}"})
        except Forbidden as error:
            assert error.code == "signin.too_many_codes"
            refused += 1
    assert refused == 7  # the citizen's phone got 3 codes from there, no more
    ask(iin)
    assert Notification.objects.filter(kind="signin.code", address=iin).count() == 4
    assert answer(iin, code_sent_to(iin)).iin == iin


def test_a_blocked_account_cannot_sign_in(demo_people):
    iin = demo_people["pensioner"]
    User.objects.create(username=iin, iin=iin, is_active=False)
    ask(iin)
    with pytest.raises(Forbidden) as refused:
        answer(iin, code_sent_to(iin))
    assert refused.value.code == "signin.inactive"
