"""Automatic checks: rule-based questions to the registries that a service's steps name.

A check is a small class registered by name (the contract is ``AutomaticCheck``); the
catalogue refers to it by that name and maps its inputs to form fields. Tests build their own
``CheckRegistry``.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils import timezone

from qyzmet.core.texts import Text
from qyzmet.registries.fields import active_businesses, age_on, find_person
from qyzmet.registries.models import Building, Business, Encumbrance, Person, RealEstate, Vehicle

ADULT_AGE = 18
PENSION_AGE = {Person.Sex.MALE: 63, Person.Sex.FEMALE: 61}


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    message: Text

    def as_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "message": self.message}


class AutomaticCheck(ABC):
    """The contract: a name, the inputs it takes from the form, and ``run``."""

    name: ClassVar[str]
    inputs: ClassVar[tuple[str, ...]] = ()
    passed: ClassVar[Text]
    failed: ClassVar[Text]

    def run(self, *, applicant: Person | None, inputs: dict[str, Any]) -> CheckOutcome:
        ok = applicant is not None and self.holds(applicant=applicant, **inputs)
        return CheckOutcome(passed=ok, message=self.passed if ok else self.failed)

    @abstractmethod
    def holds(self, *, applicant: Person, **inputs: Any) -> bool:
        """Whether the check's rule holds for this applicant and inputs."""


class CheckRegistry:
    def __init__(self) -> None:
        self._checks: dict[str, AutomaticCheck] = {}

    def register(self, check_class: type[AutomaticCheck]) -> type[AutomaticCheck]:
        self._checks[check_class.name] = check_class()
        return check_class

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def __getitem__(self, name: str) -> AutomaticCheck:
        return self._checks[name]

    def names(self) -> list[str]:
        return sorted(self._checks)


checks = CheckRegistry()


def _today() -> datetime.date:
    return timezone.localdate()


@checks.register
class AddressExists(AutomaticCheck):
    name = "address-exists"
    inputs = ("rca",)
    passed = {
        "kk": "Мекенжай тіркелімде бар.",
        "ru": "Адрес есть в адресном регистре.",
        "en": "The address is in the address registry.",
    }
    failed = {
        "kk": "Мұндай мекенжай тіркелімде жоқ.",
        "ru": "Такого адреса нет в адресном регистре.",
        "en": "The address is not in the address registry.",
    }

    def holds(self, *, applicant: Person, rca: str = "", **_: Any) -> bool:
        return Building.objects.filter(rca=rca).exists()


@checks.register
class ApplicantIsAdult(AutomaticCheck):
    name = "applicant-is-adult"
    passed = {
        "kk": "Өтініш беруші кәмелетке толған.",
        "ru": "Заявитель совершеннолетний.",
        "en": "The applicant is an adult.",
    }
    failed = {
        "kk": "Өтініш беруші кәмелетке толмаған.",
        "ru": "Заявитель несовершеннолетний.",
        "en": "The applicant is not an adult.",
    }

    def holds(self, *, applicant: Person, **_: Any) -> bool:
        return age_on(applicant, _today()) >= ADULT_AGE


@checks.register
class ApplicantOwnsVehicle(AutomaticCheck):
    name = "applicant-owns-vehicle"
    inputs = ("vin",)
    passed = {
        "kk": "Көлік өтініш берушіге тиесілі.",
        "ru": "Транспортное средство принадлежит заявителю.",
        "en": "The vehicle belongs to the applicant.",
    }
    failed = {
        "kk": "Көлік өтініш берушіге тиесілі емес.",
        "ru": "Транспортное средство не принадлежит заявителю.",
        "en": "The vehicle does not belong to the applicant.",
    }

    def holds(self, *, applicant: Person, vin: str = "", **_: Any) -> bool:
        return Vehicle.objects.filter(vin=vin, owner=applicant).exists()


@checks.register
class ApplicantOwnsProperty(AutomaticCheck):
    name = "applicant-owns-property"
    inputs = ("cadastral_number",)
    passed = {
        "kk": "Жылжымайтын мүлік өтініш берушіге тиесілі.",
        "ru": "Недвижимость принадлежит заявителю.",
        "en": "The property belongs to the applicant.",
    }
    failed = {
        "kk": "Жылжымайтын мүлік өтініш берушіге тиесілі емес.",
        "ru": "Недвижимость не принадлежит заявителю.",
        "en": "The property does not belong to the applicant.",
    }

    def holds(self, *, applicant: Person, cadastral_number: str = "", **_: Any) -> bool:
        return RealEstate.objects.filter(
            cadastral_number=cadastral_number, owner=applicant
        ).exists()


@checks.register
class PropertyIsUnencumbered(AutomaticCheck):
    name = "property-is-unencumbered"
    inputs = ("cadastral_number",)
    passed = {
        "kk": "Мүлікте ауыртпалық жоқ.",
        "ru": "Обременений на недвижимость нет.",
        "en": "The property has no encumbrance.",
    }
    failed = {
        "kk": "Мүлік тіркелімде жоқ немесе ауыртпалығы бар.",
        "ru": "Недвижимости нет в регистре или на ней есть обременение.",
        "en": "The property is not registered or is encumbered.",
    }

    def holds(self, *, applicant: Person, cadastral_number: str = "", **_: Any) -> bool:
        exists = RealEstate.objects.filter(cadastral_number=cadastral_number).exists()
        encumbered = Encumbrance.objects.filter(
            real_estate__cadastral_number=cadastral_number, lifted_on__isnull=True
        ).exists()
        return exists and not encumbered


@checks.register
class ApplicantIsParentOf(AutomaticCheck):
    name = "applicant-is-parent-of"
    inputs = ("child_iin",)
    passed = {
        "kk": "Бала өтініш берушінің баласы ретінде тіркелген.",
        "ru": "Ребёнок записан в регистре как ребёнок заявителя.",
        "en": "The child is registered as the applicant's child.",
    }
    failed = {
        "kk": "Тіркелімде бұл бала өтініш берушінің баласы емес.",
        "ru": "По регистру этот ребёнок не является ребёнком заявителя.",
        "en": "The registry does not show this child as the applicant's child.",
    }

    def holds(self, *, applicant: Person, child_iin: str = "", **_: Any) -> bool:
        child = find_person(child_iin)
        return child is not None and applicant.pk in (child.mother_id, child.father_id)


@checks.register
class PersonIsRegistered(AutomaticCheck):
    name = "person-is-registered"
    inputs = ("iin",)
    passed = {
        "kk": "Адам халық тіркелімінде бар.",
        "ru": "Человек есть в регистре населения.",
        "en": "The person is in the population registry.",
    }
    failed = {
        "kk": "Бұл ЖСН бойынша тірі адам тіркелімде жоқ.",
        "ru": "Живого человека с этим ИИН нет в регистре населения.",
        "en": "No living person with this IIN is in the population registry.",
    }

    def holds(self, *, applicant: Person, iin: str = "", **_: Any) -> bool:
        return Person.objects.filter(iin=iin, death_date__isnull=True).exists()


@checks.register
class ApplicantIsUnmarried(AutomaticCheck):
    name = "applicant-is-unmarried"
    passed = {
        "kk": "Өтініш беруші некеде тұрмайды.",
        "ru": "Заявитель не состоит в браке.",
        "en": "The applicant is not married.",
    }
    failed = {
        "kk": "Өтініш беруші некеде тұр.",
        "ru": "Заявитель состоит в браке.",
        "en": "The applicant is married.",
    }

    def holds(self, *, applicant: Person, **_: Any) -> bool:
        spouse = applicant.spouse
        return spouse is None or spouse.death_date is not None  # a widow(er) may marry


@checks.register
class ApplicantOfPensionAge(AutomaticCheck):
    name = "applicant-of-pension-age"
    passed = {
        "kk": "Өтініш беруші зейнет жасына толды.",
        "ru": "Заявитель достиг пенсионного возраста.",
        "en": "The applicant has reached pension age.",
    }
    failed = {
        "kk": "Өтініш беруші зейнет жасына толмаған.",
        "ru": "Заявитель не достиг пенсионного возраста.",
        "en": "The applicant has not reached pension age.",
    }

    def holds(self, *, applicant: Person, **_: Any) -> bool:
        return age_on(applicant, _today()) >= PENSION_AGE[Person.Sex(applicant.sex)]


@checks.register
class ApplicantHasNoActiveSoleProprietorship(AutomaticCheck):
    name = "applicant-has-no-active-sole-proprietorship"
    passed = {
        "kk": "Өтініш берушінің қолданыстағы ЖК-сы жоқ.",
        "ru": "У заявителя нет действующего ИП.",
        "en": "The applicant has no active sole proprietorship.",
    }
    failed = {
        "kk": "Өтініш берушінің қолданыстағы ЖК-сы бар.",
        "ru": "У заявителя уже есть действующее ИП.",
        "en": "The applicant already has an active sole proprietorship.",
    }

    def holds(self, *, applicant: Person, **_: Any) -> bool:
        return not any(
            b.legal_form == Business.LegalForm.SOLE_PROPRIETOR for b in active_businesses(applicant)
        )
