"""The synthetic registries: deterministic, valid identifiers, consistent families, and the
people every demo needs."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from qyzmet.core.identifiers import parse_iin, validate_bin
from qyzmet.registries.generator import REFERENCE_DATE, generate_registries
from qyzmet.registries.models import (
    Building,
    Business,
    Employment,
    Encumbrance,
    IdentityDocument,
    Locality,
    PaymentAccount,
    Person,
    RealEstate,
    Region,
    Street,
    Vehicle,
)
from qyzmet.registries.population import KAZAKH, OTHER, patronymic
from qyzmet.registries.selectors import find_demo_people

pytestmark = pytest.mark.django_db

CADASTRAL = re.compile(r"^[0-9]{2}:[0-9]{3}:[0-9]{3}:[0-9]{3,4}(:[0-9]+)?$")
VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
PLATE = re.compile(r"^[0-9]{3}[A-Z]{3}[0-9]{2}$")


def age(born: datetime.date, on: datetime.date = REFERENCE_DATE) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def snapshot() -> dict[str, list[tuple]]:
    person_fields = ("iin", "last_name_kk", "first_name_ru", "patronymic_ru", "birth_date",
                     "death_date", "mother_id", "father_id", "spouse_id", "building_id",
                     "apartment")  # fmt: skip
    tables = {
        "people": (Person, person_fields),
        "buildings": (Building, ("rca", "street_id")),
        "documents": (IdentityDocument, ("number", "status")),
        "property": (RealEstate, ("cadastral_number", "owner_id")),
        "vehicles": (Vehicle, ("vin", "plate", "owner_id")),
        "businesses": (Business, ("bin", "name", "owner_id")),
    }
    return {
        name: list(model.objects.order_by("id").values_list(*fields))
        for name, (model, fields) in tables.items()
    }


def test_same_seed_gives_the_same_registries_and_another_seed_others() -> None:
    generate_registries(people=1500, seed=11)
    first = snapshot()
    generate_registries(people=1500, seed=11)
    assert snapshot() == first
    generate_registries(people=1500, seed=12)
    other = snapshot()
    assert {p[0] for p in other["people"]} != {p[0] for p in first["people"]}
    assert [p[2] for p in other["people"]] != [p[2] for p in first["people"]]


def test_counts_are_the_rows_written_and_old_rows_are_replaced() -> None:
    generate_registries(people=2500, seed=1)
    counts = generate_registries(people=1200, seed=2)
    models = (Region, Locality, Street, Building, Person, IdentityDocument, RealEstate,
              Encumbrance, Vehicle, Business, Employment, PaymentAccount)  # fmt: skip
    assert counts == {m._meta.model_name: m.objects.count() for m in models}
    assert counts["person"] == 1200
    assert counts["region"] == 20  # 17 regions and 3 cities of republican significance


def test_iins_are_valid_unique_and_match_birth_date_and_sex() -> None:
    generate_registries(people=3000, seed=5)
    people = list(Person.objects.values_list("iin", "birth_date", "sex"))
    assert len({iin for iin, _, _ in people}) == len(people) == 3000
    for iin, born, sex in people:
        parsed = parse_iin(iin)
        assert (parsed.birth_date, parsed.sex) == (born, sex)
    assert max(age(born) for _, born, _ in people) <= 100
    assert min(born for _, born, _ in people) < datetime.date(1950, 1, 1)


def test_bins_are_valid_and_most_businesses_are_active() -> None:
    generate_registries(people=3000, seed=5)
    businesses = list(Business.objects.values_list("bin", "status", "legal_form"))
    assert businesses
    for bin_, _status, _form in businesses:
        assert validate_bin(bin_) == bin_
    statuses = Counter(status for _, status, _ in businesses)
    assert statuses["active"] > len(businesses) / 2
    assert {form for _, _, form in businesses} == {"sole-proprietor", "llp"}


def test_family_links_are_consistent() -> None:
    generate_registries(people=3000, seed=8)
    people = {p.id: p for p in Person.objects.all()}
    married = [p for p in people.values() if p.spouse_id]
    assert married
    for person in married:
        spouse = people[person.spouse_id]
        assert spouse.spouse_id == person.id
        assert spouse.sex != person.sex
    children = [p for p in people.values() if p.father_id]
    assert children
    for child in children:
        father, mother = people[child.father_id], people[child.mother_id]
        assert age(father.birth_date, child.birth_date) >= 15
        assert age(mother.birth_date, child.birth_date) >= 18
        male, names = child.sex == "M", (father.first_name_kk, father.first_name_ru)
        assert child.patronymic_ru == patronymic(names, male, OTHER)[1]
        assert child.patronymic_kk in {patronymic(names, male, KAZAKH)[0], child.patronymic_ru}


def test_every_living_person_has_an_address_and_the_dead_none() -> None:
    generate_registries(people=3000, seed=9)
    living = Person.objects.filter(death_date__isnull=True)
    assert not living.filter(building__isnull=True).exists()
    assert not living.filter(registered_since__isnull=True).exists()
    dead = Person.objects.filter(death_date__isnull=False)
    assert dead.exists()
    assert not dead.filter(building__isnull=False).exists()
    assert all(person.death_date <= REFERENCE_DATE for person in dead)  # encrypted: read
    assert Person.objects.exclude(citizenship="KZ").exists()
    homes = Counter(living.values_list("building_id", "apartment"))
    assert max(homes.values()) <= 12  # one household per dwelling


def test_adults_hold_an_id_card_and_children_a_birth_certificate() -> None:
    generate_registries(people=2000, seed=4)
    kinds: dict[int, set[str]] = {}
    for person_id, kind in IdentityDocument.objects.values_list("person_id", "kind"):
        kinds.setdefault(person_id, set()).add(kind)
    for person in Person.objects.filter(death_date__isnull=True):
        if person.citizenship != "KZ":
            assert "passport" in kinds[person.id]
        elif age(person.birth_date) >= 18:
            assert "id-card" in kinds[person.id]
        elif age(person.birth_date) < 16:
            assert kinds[person.id] == {"birth-certificate"}
    statuses = set(IdentityDocument.objects.values_list("status", flat=True))
    assert {"valid", "expired"} <= statuses


def test_property_vehicles_and_addresses_carry_registry_codes() -> None:
    generate_registries(people=3000, seed=6)
    numbers = list(RealEstate.objects.values_list("cadastral_number", flat=True))
    assert numbers and all(CADASTRAL.match(n) for n in numbers)
    assert Encumbrance.objects.filter(kind="mortgage").exists()
    vehicles = list(Vehicle.objects.values_list("vin", "plate"))
    assert vehicles
    assert all(VIN.match(vin) and PLATE.match(plate) for vin, plate in vehicles)
    rcas = list(Building.objects.values_list("rca", flat=True))
    assert all(len(rca) == 16 and rca.isdigit() for rca in rcas)
    assert len(set(rcas)) == len(rcas)


def test_adults_own_property_cars_and_businesses_in_plausible_shares() -> None:
    generate_registries(people=3000, seed=10)
    adults = Person.objects.filter(
        death_date__isnull=True, birth_date__lte=datetime.date(2008, 11, 1)
    ).count()

    def share(model: type[RealEstate] | type[Vehicle] | type[Business]) -> float:
        return model.objects.values("owner_id").distinct().count() / adults

    assert 0.2 < share(RealEstate) < 0.45
    assert 0.15 < share(Vehicle) < 0.35
    assert 0.04 < share(Business) < 0.13
    assert 0.003 < Person.objects.filter(death_date__isnull=False).count() / 3000 < 0.03


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_people_exist_and_fit_their_roles(seed: int) -> None:
    generate_registries(people=2000, seed=seed)
    found = find_demo_people()
    assert set(found) == {"parent", "pensioner", "young_adult", "entrepreneur"}
    people = {role: Person.objects.get(iin=iin) for role, iin in found.items()}
    for person in people.values():
        assert person.death_date is None

    parent = people["parent"]
    assert age(parent.birth_date) >= 18
    assert parent.spouse is not None and parent.spouse.spouse_id == parent.id
    children = Person.objects.filter(father=parent) | Person.objects.filter(mother=parent)
    child_ages = {age(child.birth_date) for child in children}
    assert child_ages & {0, 1, 2, 3, 4, 5} and child_ages & {6, 7}
    assert parent.vehicles.exists()
    assert parent.real_estate.filter(kind="apartment").exists()

    assert age(people["pensioner"].birth_date) >= 63
    young = people["young_adult"]
    assert 18 <= age(young.birth_date) <= 30
    assert young.spouse_id is None and not young.businesses.exists()
    assert people["entrepreneur"].businesses.filter(status="active").exists()


def test_progress_is_reported_for_every_stage() -> None:
    calls: list[tuple[str, int, int]] = []
    generate_registries(people=1000, seed=1, progress=lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["clear", "addresses", "people", "documents", "property", "vehicles",
                      "businesses", "labour", "finish"]  # fmt: skip
    for stage in stages:
        done = [d for s, d, _ in calls if s == stage]
        total = [t for s, _, t in calls if s == stage][-1]
        assert done == sorted(done) and done[-1] == total
    assert ("people", 1000, 1000) in calls
