"""Operators reach Django's admin only with their second factor, and never see a TOTP key."""

from __future__ import annotations

import pytest

from qyzmet.accounts.officers import enroll_totp, totp_secret
from tests.backoffice.conftest import PASSWORD, code_of, officer_with_second_factor
from tests.callers import officer_session

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def operator(django_user_model):
    operator = django_user_model.objects.create(
        username="operator", is_staff=True, is_superuser=True
    )
    operator.set_password(PASSWORD)
    operator.save()
    return operator


def log_in(client, username, password, code=""):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code})


def test_a_staff_user_with_the_right_password_and_no_code_stays_out(client, operator):
    enroll_totp(officer=operator, channel="test")
    response = log_in(client, "operator", PASSWORD)
    assert response.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302


def test_a_session_signed_in_with_the_password_alone_reaches_no_admin_page(client, operator):
    client.force_login(operator)
    for page in ("/admin/", "/admin/catalog/agency/", "/admin/accounts/sealedtotpdevice/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_staff_user_without_a_device_cannot_log_in(client, operator):
    log_in(client, "operator", PASSWORD, "123456")
    assert client.get("/admin/").status_code == 302


def test_the_password_and_a_current_code_open_the_admin(client, operator):
    device = enroll_totp(officer=operator, channel="test")
    response = log_in(client, "operator", PASSWORD, code_of(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_shows_no_totp_key_nor_qr_code(client, operator):
    device = enroll_totp(officer=operator, channel="test")
    officers_device = enroll_totp(officer=officer_with_second_factor("health"), channel="test")
    log_in(client, "operator", PASSWORD, code_of(device))
    listing = client.get("/admin/accounts/sealedtotpdevice/")
    page = client.get(f"/admin/accounts/sealedtotpdevice/{officers_device.pk}/change/")
    assert listing.status_code == page.status_code == 200
    for shown in (listing.content.decode(), page.content.decode()):
        assert officers_device.key not in shown and totp_secret(officers_device) not in shown
        assert "qrcode" not in shown.lower() and "otpauth" not in shown
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404  # django-otp's own
    assert client.get("/admin/accounts/sealedtotpdevice/add/").status_code == 403


def test_an_officers_verified_back_office_session_does_not_open_the_admin(client):
    officer = officer_with_second_factor("health")
    client.cookies["sessionid"] = officer_session(officer)
    assert client.get("/admin/").status_code == 302  # verified, but not staff


@pytest.mark.parametrize(
    ("language", "label"),
    [("ru", "Код из приложения-аутентификатора:"), ("kk", "Аутентификатор қолданбасындағы код:")],
)
def test_the_admin_asks_for_the_code_in_the_operators_language(client, language, label):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in page and "OTP Token" not in page  # django-otp's own words
