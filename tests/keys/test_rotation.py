"""Rotating the data keys keeps every value readable, before, during and after."""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.core.management import call_command

from qyzmet.core.keyring import KeyRingError, key_ring
from qyzmet.keys.columns import encrypted_tables
from qyzmet.keys.rotation import (
    _reencrypt_batch,
    data_key_status,
    reencrypt_data,
    retire_data_key,
    rotate_data_key,
)
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Person
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def everything():
    """Every encrypted value of every table, as the application reads it."""
    values = {}
    for table in encrypted_tables():
        names = [f.name for f in table.fields]
        for row in table.model._default_manager.order_by("pk").values_list("pk", *names):
            values[(table.label, row[0])] = row[1:]
    return values


def test_after_a_rotation_everything_reads_the_same_and_the_old_key_can_go(
    own_key_folder, demo_people
):
    application = ApplicationFactory(submitted=True)  # an application, its case, its account
    before = everything()
    assert ("applications.application", application.pk) in before
    old = key_ring().current
    new = rotate_data_key().current
    assert new != old and set(key_ring().keys) == {old, new}

    report = reencrypt_data(batch=97)
    assert report.rows >= Person.objects.count() and report.rows_per_second > 0
    status = data_key_status()
    assert status.left == 0 and status.values_per_key[old] == 0
    assert status.values_per_key[new] > 0

    retire_data_key(old)
    assert set(key_ring().keys) == {new}
    assert everything() == before
    assert find_person(demo_people["parent"]).iin == demo_people["parent"]


def test_halfway_through_a_rotation_old_and_new_values_are_read_and_it_resumes(
    own_key_folder, demo_people
):
    before = everything()
    old = key_ring().current
    rotate_data_key()
    people = next(t for t in encrypted_tables() if t.model is Person)
    rows, values, _ = _reencrypt_batch(people, key_ring(), 50, after=None)  # one batch
    assert rows == 50 and values > 0

    status = data_key_status()
    assert status.values_per_key[old] > 0 and status.rows_left["registries.person"] > 0
    assert everything() == before  # both keys decrypt
    assert Person.objects.filter(iin=demo_people["pensioner"]).exists()
    with pytest.raises(KeyRingError, match="still encrypted"):
        retire_data_key(old)

    reencrypt_data(batch=500)  # resumes: what is left
    assert data_key_status().left == 0
    assert everything() == before


def test_values_written_during_a_rotation_use_the_new_key(own_key_folder, demo_people):
    rotate_data_key()
    person = find_person(demo_people["parent"])
    person.apartment = "42"
    person.save(update_fields=["apartment"])
    assert Person.objects.get(pk=person.pk).apartment == "42"
    people = next(t for t in encrypted_tables() if t.model is Person)
    from qyzmet.keys.columns import rows_not_under

    assert rows_not_under(key_ring().current, people) == Person.objects.count()  # others wait


def test_the_command_rotates_prints_its_rate_and_shows_status(own_key_folder, capsys):
    call_command("keys", "rotate", "--batch", "300")
    out = capsys.readouterr().out
    assert "New current key" in out and "rows/s" in out
    call_command("keys", "status")
    out = capsys.readouterr().out
    assert "rows left under older keys: 0" in out


def test_every_model_with_personal_data_is_covered():
    labels = {t.label for t in encrypted_tables()}
    assert {"registries.person", "registries.identitydocument", "registries.vehicle",
            "registries.paymentaccount", "registries.registryevent"} <= labels  # fmt: skip
    assert all(apps.get_model(label) for label in labels)


def test_the_command_refuses_bad_input_and_an_unmigrated_database(own_key_folder, monkeypatch):
    from django.core.management import CommandError
    from django.db.migrations.executor import MigrationExecutor

    with pytest.raises(CommandError, match="at least 1"):
        call_command("keys", "rotate", "--batch", "0")
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])
    with pytest.raises(CommandError, match="qyzmet migrate"):
        call_command("keys", "rotate")
    with pytest.raises(CommandError, match="no data key"):
        call_command("keys", "retire", "k20990101-000000")


def test_a_server_sees_a_rotation_made_by_another_within_half_a_minute(own_key_folder, monkeypatch):
    from qyzmet.core import keyring

    before = key_ring()
    rotated = keyring.with_new_current_key(before)
    keyring._write(own_key_folder / keyring.FILE_NAME, rotated, exclusive=False)  # elsewhere
    assert key_ring().current == before.current  # not looked at again yet
    monkeypatch.setattr(keyring, "LOOK_AGAIN_SECONDS", 0.0)
    keyring.forget_cached_key_ring()
    key_ring()
    rotated_again = keyring.with_new_current_key(rotated)
    keyring._write(own_key_folder / keyring.FILE_NAME, rotated_again, exclusive=False)
    os.utime(own_key_folder / keyring.FILE_NAME, (1, 1))  # a modification time of its own
    assert key_ring().current == rotated_again.current
