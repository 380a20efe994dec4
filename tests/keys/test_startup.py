"""A missing or wrong key stops qyzmet at start-up with a message saying what to do."""

from __future__ import annotations

import base64
import json
import secrets

import pytest
from django.core.management import CommandError, call_command

from qyzmet.core.keyring import FILE_NAME, KeyRingError, forget_cached_key_ring, parse
from qyzmet.keys.startup import data_keys_check, verify_data_keys

pytestmark = pytest.mark.django_db


def rewrite(folder, change):
    path = folder / FILE_NAME
    ring = json.loads(path.read_text())
    change(ring)
    path.write_text(json.dumps(ring))
    forget_cached_key_ring()


def random_key():
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_the_right_keys_pass(own_key_folder):
    assert verify_data_keys().current
    assert data_keys_check() == []


def test_a_missing_key_file_is_not_replaced_while_data_is_encrypted(own_key_folder):
    (own_key_folder / FILE_NAME).unlink()
    forget_cached_key_ring()
    with pytest.raises(KeyRingError, match=r"data-keys\.json is missing"):
        verify_data_keys()
    assert not (own_key_folder / FILE_NAME).exists()
    [error] = data_keys_check()
    assert error.id == "keys.E001" and "backup" in error.hint


def test_a_key_that_is_not_the_one_used_is_named(own_key_folder):
    def swap(ring):
        ring["keys"][0]["key"] = random_key()

    rewrite(own_key_folder, swap)
    with pytest.raises(KeyRingError, match="does not decrypt with data key"):
        verify_data_keys()


def test_a_ring_without_the_key_of_the_data_is_named(own_key_folder):
    def replace(ring):
        ring["keys"] = [{"id": "k20990101-000000", "key": random_key()}]
        ring["current"] = "k20990101-000000"

    rewrite(own_key_folder, replace)
    with pytest.raises(KeyRingError, match=r"which .* does not hold"):
        verify_data_keys()


def test_another_index_key_is_noticed(own_key_folder):
    def swap(ring):
        ring["index"] = random_key()

    rewrite(own_key_folder, swap)
    with pytest.raises(KeyRingError, match="index key"):
        verify_data_keys()


def test_the_check_command_exits_with_the_reason(own_key_folder):
    rewrite(own_key_folder, lambda ring: ring.update(index=random_key()))
    with pytest.raises(CommandError, match="index key"):
        call_command("keys", "check")


@pytest.mark.parametrize(
    "text,problem",
    [
        ("not json", "is not JSON"),
        ('{"format": "other"}', "is not a key ring"),
        ('{"format": "qyzmet-data-keys/1", "keys": []}', "holds no data keys"),
        (
            '{"format": "qyzmet-data-keys/1", "current": "k1-a", "index": "AA==",'
            ' "keys": [{"id": "k1-a", "key": "AA=="}]}',
            "must be 32 bytes",
        ),
    ],
)
def test_a_malformed_key_ring_is_explained(text, problem):
    with pytest.raises(KeyRingError, match=problem):
        parse(text, "QYZMET_DATA_KEYS")


def test_keys_from_the_environment_are_used_and_never_written(own_key_folder, settings):
    settings.DATA_KEYS = (own_key_folder / FILE_NAME).read_text()
    (own_key_folder / FILE_NAME).unlink()
    forget_cached_key_ring()
    assert verify_data_keys().source == "QYZMET_DATA_KEYS"
    with pytest.raises(CommandError, match="QYZMET_DATA_KEYS"):
        call_command("keys", "rotate")
    settings.DATA_KEYS = ""
    forget_cached_key_ring()
