"""TOTP keys, the seeds of every code officers and operators type, are encrypted in the
database like other secrets; codes are checked as before, and the keys of devices enrolled
before (django-otp's own table, in clear) are moved and sealed by a migration."""

from __future__ import annotations

import importlib
from base64 import b32encode
from binascii import unhexlify

import pytest
from django.apps import apps
from django_otp.plugins.otp_totp.models import TOTPDevice

from qyzmet.accounts.models import SealedTOTPDevice
from qyzmet.accounts.officers import enroll_totp, totp_secret
from qyzmet.core.encrypted import EncryptedCharField
from tests.backoffice.conftest import code_of
from tests.factories import OfficerFactory
from tests.keys.test_at_rest import raw_row

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("qyzmet.accounts.migrations.0007_totp_keys_encrypted")


def assert_sealed(device):
    row = raw_row(SealedTOTPDevice, device.pk)
    assert device.key not in row and device.key.upper() not in row
    assert totp_secret(device) not in row
    assert b32encode(unhexlify(device.key)).decode().lower() not in row.lower()


def test_an_enrolled_key_is_not_in_the_table():
    device = enroll_totp(officer=OfficerFactory(), channel="test")
    assert isinstance(SealedTOTPDevice._meta.get_field("key"), EncryptedCharField)
    assert_sealed(device)


def test_a_code_from_the_sealed_key_still_verifies_once():
    device = enroll_totp(officer=OfficerFactory(), channel="test")
    stored = SealedTOTPDevice.objects.get(pk=device.pk)
    code = code_of(stored)
    assert stored.verify_token(code) is True
    assert SealedTOTPDevice.objects.get(pk=device.pk).verify_token(code) is False  # used once
    assert stored.verify_token("000000" if code != "000000" else "111111") is False


def test_the_migration_seals_the_keys_of_devices_enrolled_before():
    officer = OfficerFactory()
    old = TOTPDevice.objects.create(user=officer, name="qyzmet back office", last_t=123, drift=1)
    MIGRATION.seal_keys(apps, None)
    assert not TOTPDevice.objects.exists()  # no clear copy left
    moved = SealedTOTPDevice.objects.get(user=officer)
    assert (moved.key, moved.last_t, moved.drift, moved.name) == (old.key, 123, 1, old.name)
    assert moved.created_at == old.created_at
    assert_sealed(moved)
