"""Officers with a password and a second factor, and browsers signed in as them."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from qyzmet.accounts.officers import enroll_totp
from qyzmet.catalog.models import Agency
from qyzmet.catalog.reasons import load_reason_templates
from tests.factories import OfficerFactory

PASSWORD = "correct horse battery staple"


def code_of(device: Any, *, steps_ahead: int = 0) -> str:
    """The code the officer's authenticator app shows now (or ``steps_ahead`` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def officer_with_second_factor(agency_slug: str) -> Any:
    officer = OfficerFactory(agency=Agency.objects.get(slug=agency_slug))
    officer.set_password(PASSWORD)
    officer.save()
    enroll_totp(officer=officer, channel="test")
    return officer


def sign_in_as(client: Any, officer: Any) -> Any:
    """A browser in which ``officer`` has signed in with both factors."""
    client.force_login(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = officer.sealedtotpdevice_set.get().persistent_id
    session.save()
    return client


@pytest.fixture
def officer(db: Any) -> Any:
    return officer_with_second_factor("internal-affairs")


@pytest.fixture
def other_officer(db: Any) -> Any:
    return officer_with_second_factor("health")


@pytest.fixture
def signed_in(client: Any, officer: Any) -> Any:
    return sign_in_as(client, officer)


@pytest.fixture
def reason_templates(db: Any) -> None:
    load_reason_templates(channel="test")


@pytest.fixture
def in_language(client: Any, settings: Any) -> Any:
    def choose(language: str) -> None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    return choose
