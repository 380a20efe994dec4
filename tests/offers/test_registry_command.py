"""``qyzmet registry event ...`` records registry events as the registries would, for the demo
and for operators; each is explained when it cannot be recorded."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qyzmet.registries.models import Employment, Person, RegistryEvent

pytestmark = pytest.mark.django_db


def registry(*args: str) -> str:
    out = StringIO()
    call_command("registry", "event", *args, stdout=out)
    return out.getvalue()


def test_a_birth_registers_the_child_with_both_parents(father, mother_iin):
    said = registry("birth", "--mother", mother_iin, "--father", father.iin, "--sex", "M",
                    "--date", "2026-01-02")  # fmt: skip
    event = RegistryEvent.objects.get(kind="birth")
    child = Person.objects.get(iin=event.subject_iin)
    assert child.iin.startswith("260102") and child.sex == "M"
    assert child.patronymic_ru and child.building_id == child.mother.building_id
    assert f"mother {mother_iin}, father {father.iin}" in said and "qyzmet worker" in said


def test_death_and_the_end_of_employment_change_the_registries(father, demo_people):
    registry("employment-ended", "--person", father.iin, "--reason", "liquidation")
    ended = Employment.objects.filter(person__iin=father.iin).get()
    assert ended.ended_on is not None and ended.end_reason == "liquidation"
    registry("death", "--person", demo_people["pensioner"], "--date", "2026-01-05")
    assert str(Person.objects.get(iin=demo_people["pensioner"]).death_date) == "2026-01-05"
    assert registry("retirements").startswith("Recorded ")
    assert set(RegistryEvent.objects.values_list("kind", flat=True)) >= {
        "employment-ended", "death"
    }  # fmt: skip


def test_what_cannot_be_recorded_is_explained(father):
    with pytest.raises(CommandError, match="The check digit does not match"):
        registry("death", "--person", father.iin[:11] + str((int(father.iin[11]) + 1) % 10))
    with pytest.raises(CommandError, match="has not reached pension age"):
        registry("retirement", "--person", father.iin)
    with pytest.raises(CommandError, match="mother must be registered as a woman"):
        registry("birth", "--mother", father.iin)
    registry("employment-ended", "--person", father.iin)
    with pytest.raises(CommandError, match="no open employment contract"):
        registry("employment-ended", "--person", father.iin)
    assert list(RegistryEvent.objects.values_list("kind", flat=True)) == ["employment-ended"]
