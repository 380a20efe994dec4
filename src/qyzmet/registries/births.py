"""A child registered in the population registry at birth: IIN, name forms, parents, the
mother's address, a birth certificate. Used by ``events.register_birth``."""

from __future__ import annotations

import datetime
import hashlib
import uuid

from qyzmet.core.errors import Invalid
from qyzmet.core.identifiers import make_iin
from qyzmet.registries import names
from qyzmet.registries.models import IdentityDocument, Person
from qyzmet.registries.population import (
    FIRST_NAMES,
    KAZAKH,
    OTHER,
    female_surname,
    patronymic,
    scramble,
)

SERIALS = 10_000


def free_iin(born: datetime.date, sex: str) -> str:
    """An IIN for this birth date and sex that nobody holds yet."""
    taken = set(Person.objects.filter(birth_date=born).values_list("iin", flat=True))
    start = int(hashlib.sha256(f"{born}{sex}".encode()).hexdigest(), 16) % SERIALS
    for step in range(SERIALS):
        iin = make_iin(born, sex, (start + step) % SERIALS)
        if iin and iin not in taken:
            return iin
    raise Invalid("registry_event.no_iin_left")


def _style(father: Person) -> int:
    """Kazakh name forms when the father's patronymic has them (…ұлы, …қызы)."""
    return KAZAKH if father.patronymic_kk != father.patronymic_ru else OTHER


def _first_name(given: str, male: bool, style: int, seed: str) -> tuple[str, str]:
    """The (kk, ru) forms of ``given`` when it is a known name, else ``given`` in both; a
    name from the registry's lists when none is given."""
    pairs = FIRST_NAMES[style][male]
    if given:
        for pair in (*names.MALE_KAZAKH, *names.FEMALE_KAZAKH):
            if given in pair:
                return pair
        return given, given
    return pairs[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(pairs)]


def child_of(
    *, mother: Person, father: Person | None, first_name: str, sex: str, born: datetime.date
) -> Person:
    """Write the newborn into the population registry, with a birth certificate."""
    male = sex == Person.Sex.MALE
    family = father or mother
    style = _style(father) if father else OTHER
    iin = free_iin(born, sex)
    first = _first_name(first_name.strip(), male, style, seed=iin)
    surname = (family.last_name_kk, family.last_name_ru)
    if family.sex == Person.Sex.MALE and not male:
        surname = (female_surname(surname[0]), female_surname(surname[1]))
    elif family.sex == Person.Sex.FEMALE and male:
        surname = (_male_surname(surname[0]), _male_surname(surname[1]))
    pat = ("", "")
    if father is not None:
        pat = patronymic((father.first_name_kk, father.first_name_ru), male, style)
    child = Person.objects.create(
        iin=iin,
        last_name_kk=surname[0], first_name_kk=first[0], patronymic_kk=pat[0],
        last_name_ru=surname[1], first_name_ru=first[1], patronymic_ru=pat[1],
        birth_date=born, sex=sex, citizenship=mother.citizenship,
        mother=mother, father=father,
        building=mother.building, apartment=mother.apartment,
        registered_since=born if mother.building_id else None,
    )  # fmt: skip
    certificate = IdentityDocument.objects.create(
        person=child,
        kind=IdentityDocument.Kind.BIRTH_CERTIFICATE,
        number=uuid.uuid4().hex[:12],
        issued_on=born,
        issuer=names.BIRTH_CERTIFICATE_ISSUER,
    )
    # The generator's numbering: unique because ``scramble`` is a bijection of the ids.
    certificate.number = f"B{scramble(certificate.pk, 10**9):09d}"
    certificate.save(update_fields=["number", "number_digest"])  # the number's keyed hash too
    return child


def _male_surname(female: str) -> str:
    """Нұрланова -> Нұрланов; a name without a female ending stays."""
    for ending in ("ова", "ева", "ёва", "ина", "ына"):
        if female.endswith(ending):
            return female[:-1]
    return female[:-2] + "ий" if female.endswith("ская") else female
