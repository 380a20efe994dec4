"""Operators give officers their second factor from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qyzmet.accounts.officers import demo_totp_codes, enroll_totp, totp_device_of
from qyzmet.audit.models import AuditRecord
from tests.backoffice.conftest import code_of
from tests.factories import CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def enroll(*args):
    out = StringIO()
    call_command("officers", "enroll-totp", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_uri_and_the_secret(db):
    officer = OfficerFactory()
    printed = enroll(officer.username)
    device = totp_device_of(officer)
    assert device is not None and device.confirmed
    assert f"otpauth://totp/qyzmet%3A{officer.username}?secret=" in printed
    assert "secret (base32): " in printed
    assert AuditRecord.objects.filter(action="officer.totp_enrolled", object_id=str(officer.pk))


def test_a_second_enrolment_needs_replace_and_changes_the_secret(db):
    officer = OfficerFactory()
    enroll(officer.username)
    first = totp_device_of(officer).key
    with pytest.raises(CommandError, match="--replace"):
        enroll(officer.username)
    enroll(officer.username, "--replace")
    assert totp_device_of(officer).key != first
    assert officer.sealedtotpdevice_set.count() == 1


def test_only_officers_are_enrolled(db):
    with pytest.raises(CommandError, match="not an officer or an operator"):
        enroll(CitizenFactory().username)


def test_the_demo_keeps_existing_secrets(db):
    officer = OfficerFactory()
    first = enroll_totp(officer=officer, channel="demo", keep_existing=True)
    again = enroll_totp(officer=officer, channel="demo", keep_existing=True)
    assert first.pk == again.pk


def test_the_demo_codes_are_the_current_codes(db):
    officer = OfficerFactory()
    device = enroll_totp(officer=officer, channel="demo")
    codes = {c.username: c for c in demo_totp_codes()}
    assert codes[officer.username].code in {code_of(device), code_of(device, steps_ahead=-1)}
    assert 0 < codes[officer.username].valid_for_seconds <= 30
