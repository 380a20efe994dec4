"""Officers sign in with a password and a code from their authenticator app; guessing is
locked out; nobody else gets into the back office."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from qyzmet.accounts.officers import enroll_totp
from qyzmet.audit.models import AuditRecord
from tests.backoffice.conftest import PASSWORD, code_of
from tests.factories import CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/back-office/sign-in/"
LOCKED = "Too many failed attempts. Signing in is locked for 15 minutes."


def sign_in(client, username, password, code, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password, "code": code, **extra})


def device_of(officer):
    return officer.sealedtotpdevice_set.get()


def test_password_and_a_current_code_open_the_queue(client, officer):
    response = sign_in(client, officer.username, PASSWORD, code_of(device_of(officer)))
    assert response.status_code == 302 and response["Location"] == "/back-office/"
    queue = client.get("/back-office/")
    assert queue.status_code == 200
    assert "Sign out" in queue.content.decode()
    assert AuditRecord.objects.filter(action="officer.signed_in", actor=officer).exists()


def test_the_password_alone_is_not_enough(client, officer):
    response = sign_in(client, officer.username, PASSWORD, "")
    assert response.status_code == 400
    assert "Enter the 6-digit code from your authenticator app." in response.content.decode()
    assert client.get("/back-office/").status_code == 302


def test_a_wrong_code_is_refused_without_saying_which_factor_was_wrong(client, officer):
    wrong = f"{(int(code_of(device_of(officer))) + 1) % 1_000_000:06d}"
    response = sign_in(client, officer.username, PASSWORD, wrong)
    assert response.status_code == 400
    assert "The user name, password or code is not right." in response.content.decode()
    assert client.get("/back-office/").status_code == 302


def test_a_wrong_password_with_a_valid_code_is_refused(client, officer):
    response = sign_in(client, officer.username, "guess", code_of(device_of(officer)))
    assert response.status_code == 400
    assert "The user name, password or code is not right." in response.content.decode()


def test_a_code_works_only_once(client, officer):
    code = code_of(device_of(officer))
    sign_in(client, officer.username, PASSWORD, code)
    client.post("/back-office/sign-out/")
    assert sign_in(client, officer.username, PASSWORD, code).status_code == 400


def test_a_code_used_already_is_said_so_and_counts_as_a_failure(client, officer, in_language):
    code = code_of(device_of(officer))
    sign_in(client, officer.username, PASSWORD, code)
    client.post("/back-office/sign-out/")
    in_language("ru")
    page = sign_in(client, officer.username, PASSWORD, code).content.decode()
    assert "Этот код уже использован. Дождитесь следующего кода" in page
    assert "Неверное имя пользователя" not in page
    records = AuditRecord.objects.filter(object_id=str(officer.pk), action="officer.sign_in_failed")
    assert records.get().details == {"why": "code_reused"}
    assert AccessAttempt.objects.get(username=officer.username).failures_since_start == 1


def test_a_used_code_with_a_wrong_password_says_nothing_more(client, officer):
    code = code_of(device_of(officer))
    sign_in(client, officer.username, PASSWORD, code)
    client.post("/back-office/sign-out/")
    page = sign_in(client, officer.username, "guess", code).content.decode()
    assert "The user name, password or code is not right." in page
    assert "used already" not in page


def test_used_codes_lock_out_like_wrong_ones(client, officer):
    code = code_of(device_of(officer))
    sign_in(client, officer.username, PASSWORD, code)
    client.post("/back-office/sign-out/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "used already" in sign_in(client, officer.username, PASSWORD, code).content.decode()
    assert sign_in(client, officer.username, PASSWORD, code).status_code == 429


def test_an_officer_without_a_second_factor_cannot_sign_in(client, db):
    officer = OfficerFactory(username="officer-without-device")
    officer.set_password(PASSWORD)
    officer.save()
    response = sign_in(client, officer.username, PASSWORD, "123456")
    assert response.status_code == 400
    assert "no second factor" in response.content.decode()


def test_a_citizen_cannot_sign_in_to_the_back_office(client, db):
    citizen = CitizenFactory()
    citizen.set_password(PASSWORD)
    citizen.save()
    device = enroll_totp(officer=citizen, channel="test")
    response = sign_in(client, citizen.username, PASSWORD, code_of(device))
    assert response.status_code == 400
    assert client.get("/back-office/").status_code == 302


def test_five_failures_lock_the_account_for_fifteen_minutes(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, officer.username, "guess", "000000").status_code == 400
    locked = sign_in(client, officer.username, "guess", "000000")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    # Even the right password and code do not open a locked account.
    refused = sign_in(client, officer.username, PASSWORD, code_of(device_of(officer)))
    assert LOCKED in refused.content.decode()
    assert client.get("/back-office/").status_code == 302
    records = AuditRecord.objects.filter(object_id=str(officer.pk))
    assert records.filter(action="officer.sign_in_failed").count() == settings.AXES_FAILURE_LIMIT
    assert records.filter(action="officer.sign_in_locked").count() == 1
    assert records.filter(action="officer.sign_in_refused").count() == 1


def test_the_lock_ends_after_fifteen_minutes(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, officer.username, "guess", "000000")
    earlier = timezone.now() - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    response = sign_in(client, officer.username, PASSWORD, code_of(device_of(officer)))
    assert response.status_code == 302


def test_a_success_starts_the_count_of_failures_again(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, officer.username, "guess", "000000")
    assert (
        sign_in(client, officer.username, PASSWORD, code_of(device_of(officer))).status_code == 302
    )
    client.post("/back-office/sign-out/")
    response = sign_in(client, officer.username, "guess", "000000")
    assert LOCKED not in response.content.decode()


def test_the_error_is_in_the_officers_language(client, officer, in_language):
    in_language("kk")
    response = sign_in(client, officer.username, "guess", "000000")
    assert "Пайдаланушы аты, құпиясөз немесе код қате." in response.content.decode()
    assert '<html lang="kk">' in response.content.decode()


def test_after_signing_in_the_officer_returns_to_the_page_they_asked_for(client, officer):
    response = client.get("/back-office/?status=submitted")
    assert response.status_code == 302
    assert response["Location"].startswith("/back-office/sign-in/?next=")
    code = code_of(device_of(officer))
    done = sign_in(client, officer.username, PASSWORD, code, next="/back-office/?status=submitted")
    assert done["Location"] == "/back-office/?status=submitted"


def test_signing_in_never_sends_the_officer_to_another_site(client, officer):
    code = code_of(device_of(officer))
    done = sign_in(client, officer.username, PASSWORD, code, next="https://evil.example/")
    assert done["Location"] == "/back-office/"


def test_signing_out_ends_the_back_office_session(signed_in):
    assert signed_in.get("/back-office/").status_code == 200
    assert signed_in.post("/back-office/sign-out/").status_code == 302
    assert signed_in.get("/back-office/").status_code == 302


def test_signing_out_needs_a_post(signed_in):
    assert signed_in.get("/back-office/sign-out/").status_code == 405


def test_the_error_summary_links_each_field(client, db):
    page = client.post(SIGN_IN, {}).content.decode()
    for field, message in (
        ("id_username", "Enter your user name."),
        ("id_password", "Enter your password."),
        ("id_code", "Enter the 6-digit code from your authenticator app."),
    ):
        assert f'<a href="#{field}">{message}</a>' in page
        assert f'id="{field}"' in page
