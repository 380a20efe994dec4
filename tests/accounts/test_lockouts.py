"""Guessing passwords of officers and operators is locked out by django-axes, per user name and
per client address, on the admin's login and the back office's sign-in alike; the address is
the real client's, not one a client claims in a header; an operator unlocks with axes' command."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command

from tests.backoffice.conftest import PASSWORD, code_of, officer_with_second_factor

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed attempts. Signing in is locked for 15 minutes."
ADMIN, BACK_OFFICE = "/admin/login/?next=/admin/", "/back-office/sign-in/"


@pytest.fixture
def officer(db):
    return officer_with_second_factor("internal-affairs")


def admin_log_in(client, username, password, code="", **extra):
    data = {"username": username, "password": password, "otp_token": code}
    return client.post(ADMIN, data, HTTP_ACCEPT_LANGUAGE="en", **extra)


def back_office_sign_in(client, username, password, code="000000", **extra):
    data = {"username": username, "password": password, "code": code}
    return client.post(BACK_OFFICE, data, HTTP_ACCEPT_LANGUAGE="en", **extra)


def right_code(officer):
    return code_of(officer.sealedtotpdevice_set.get())


def test_wrong_passwords_on_the_admin_lock_the_user_name_out(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_log_in(client, officer.username, "guess").status_code == 200
    locked = admin_log_in(client, officer.username, "guess")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    # from anywhere, even with the right password and code, in the back office too
    elsewhere = {"REMOTE_ADDR": "198.51.100.7"}
    refused = back_office_sign_in(
        client, officer.username, PASSWORD, right_code(officer), **elsewhere
    )
    assert refused.status_code == 429 and LOCKED in refused.content.decode()


def test_the_admin_lockout_is_said_in_the_language_of_the_request(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(ADMIN, {"username": officer.username, "password": "guess"},
                             HTTP_ACCEPT_LANGUAGE="kk")  # fmt: skip
    assert "Кіру 15 минутқа бұғатталды" in locked.content.decode()


def test_failures_in_the_back_office_and_the_admin_add_up(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        back_office_sign_in(client, officer.username, PASSWORD, "000000")  # a wrong code counts
    assert admin_log_in(client, officer.username, "guess").status_code == 429


def test_the_limit_is_a_setting(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert back_office_sign_in(client, officer.username, "guess").status_code == 400
    assert back_office_sign_in(client, officer.username, "guess").status_code == 429


def test_guessing_many_user_names_from_one_address_locks_the_address(client, officer):
    for n in range(settings.AXES_FAILURE_LIMIT):
        back_office_sign_in(client, f"nobody-{n}", "guess")
    refused = back_office_sign_in(client, officer.username, PASSWORD, right_code(officer))
    assert refused.status_code == 429
    other = back_office_sign_in(
        client, officer.username, PASSWORD, right_code(officer), REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_a_forwarded_for_header_from_an_untrusted_client_does_not_change_its_address(client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}
        back_office_sign_in(client, f"nobody-{n}", "guess", **forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert back_office_sign_in(client, "somebody", "guess").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, officer, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.1.2.3"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        back_office_sign_in(client, f"nobody-{n}", "guess", HTTP_X_FORWARDED_FOR="203.0.113.9",
                            **proxy)  # fmt: skip
    another_client = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.9.9.9", **proxy}
    response = back_office_sign_in(client, officer.username, PASSWORD, right_code(officer),
                                   **another_client)  # fmt: skip
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").exists()


def test_an_operator_unlocks_a_user_name_with_axes_command(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        back_office_sign_in(client, officer.username, "guess")
    call_command("axes_reset_username", officer.username)
    call_command("axes_reset_ip", "127.0.0.1")
    response = back_office_sign_in(client, officer.username, PASSWORD, right_code(officer))
    assert response.status_code == 302
