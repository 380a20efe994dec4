"""Automatic checks: rule-based questions to the registries that a service's steps name.

A check is a small class registered by name (the contract is ``AutomaticCheck``); the
catalogue refers to it by that name and maps its inputs to form fields. A check reads nothing
itself: it declares the registry fields it needs (``reads`` of the applicant, ``reads_about``
of the subject its ``about`` input names), the exchange fetches them, and ``holds`` decides on
those values. So the fields a service's checks read are known from the catalogue, and are its
exchange policy with the fields it declares. Tests build their own ``CheckRegistry``.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.utils import timezone

from qyzmet.core.texts import Text

Values = Mapping[str, Any]  # registry field path -> value, as the exchange delivered it

ADULT_AGE = 18
PENSION_AGE = {"M": 63, "F": 61}
BIRTH_DATE = "population.person.birth_date"


@dataclass(frozen=True)
class CheckOutcome:
    passed: bool
    message: Text

    def as_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "message": self.message}


class AutomaticCheck(ABC):
    """The contract: a name, the inputs it takes from the form, the registry fields it reads
    (of the applicant; of the subject named by the input ``about``), and ``holds``."""

    name: ClassVar[str]
    inputs: ClassVar[tuple[str, ...]] = ()
    reads: ClassVar[tuple[str, ...]] = ()
    about: ClassVar[str] = ""
    reads_about: ClassVar[tuple[str, ...]] = ()
    passed: ClassVar[Text]
    failed: ClassVar[Text]

    def fields(self) -> tuple[str, ...]:
        """Every registry field the check reads, whoever it is about."""
        return (*self.reads, *self.reads_about)

    def run(self, *, applicant: Values, other: Values, inputs: dict[str, Any]) -> CheckOutcome:
        """``applicant``: the values of ``reads`` (empty when the registry does not know the
        applicant); ``other``: those of ``reads_about`` for the subject ``about`` names."""
        known = bool(applicant) or not self.reads
        ok = known and self.holds(applicant=applicant, other=other, **inputs)
        return CheckOutcome(passed=ok, message=self.passed if ok else self.failed)

    @abstractmethod
    def holds(self, *, applicant: Values, other: Values, **inputs: Any) -> bool:
        """Whether the check's rule holds for these registry values and inputs."""


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


def _age(applicant: Values) -> int:
    born = datetime.date.fromisoformat(applicant[BIRTH_DATE])
    today = _today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@checks.register
class AddressExists(AutomaticCheck):
    name = "address-exists"
    inputs = ("rca",)
    about = "rca"
    reads_about = ("addresses.building.rca",)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return bool(other)


@checks.register
class ApplicantIsAdult(AutomaticCheck):
    name = "applicant-is-adult"
    reads = (BIRTH_DATE,)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return _age(applicant) >= ADULT_AGE


@checks.register
class ApplicantOwnsVehicle(AutomaticCheck):
    name = "applicant-owns-vehicle"
    inputs = ("vin",)
    reads = ("vehicles.person.vehicles",)
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

    def holds(self, *, applicant: Values, other: Values, vin: str = "", **_: Any) -> bool:
        return any(v["vin"] == vin for v in applicant["vehicles.person.vehicles"])


@checks.register
class ApplicantOwnsProperty(AutomaticCheck):
    name = "applicant-owns-property"
    inputs = ("cadastral_number",)
    reads = ("property.person.real_estate",)
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

    def holds(
        self, *, applicant: Values, other: Values, cadastral_number: str = "", **_: Any
    ) -> bool:
        owned = applicant["property.person.real_estate"]
        return any(item["cadastral_number"] == cadastral_number for item in owned)


@checks.register
class PropertyIsUnencumbered(AutomaticCheck):
    name = "property-is-unencumbered"
    inputs = ("cadastral_number",)
    about = "cadastral_number"
    reads_about = ("property.real_estate.encumbered",)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return other.get("property.real_estate.encumbered") is False


@checks.register
class ApplicantIsParentOf(AutomaticCheck):
    name = "applicant-is-parent-of"
    inputs = ("child_iin",)
    reads = ("population.person.children",)
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

    def holds(self, *, applicant: Values, other: Values, child_iin: str = "", **_: Any) -> bool:
        return any(c["iin"] == child_iin for c in applicant["population.person.children"])


@checks.register
class PersonIsRegistered(AutomaticCheck):
    name = "person-is-registered"
    inputs = ("iin",)
    about = "iin"
    reads_about = ("population.person.living",)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return other.get("population.person.living") is True


@checks.register
class ApplicantIsUnmarried(AutomaticCheck):
    name = "applicant-is-unmarried"
    reads = ("population.person.marital_status",)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        # a widow(er) may marry
        return applicant["population.person.marital_status"] in ("single", "widowed")


@checks.register
class ApplicantOfPensionAge(AutomaticCheck):
    name = "applicant-of-pension-age"
    reads = (BIRTH_DATE, "population.person.sex")
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return _age(applicant) >= PENSION_AGE[applicant["population.person.sex"]]


@checks.register
class ApplicantHasNoActiveSoleProprietorship(AutomaticCheck):
    name = "applicant-has-no-active-sole-proprietorship"
    reads = ("businesses.person.businesses",)
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

    def holds(self, *, applicant: Values, other: Values, **_: Any) -> bool:
        return not any(
            b["legal_form"] == "sole-proprietor" and b["status"] == "active"
            for b in applicant["businesses.person.businesses"]
        )


@checks.register
class AddressIsNotTheRegisteredOne(AutomaticCheck):
    name = "address-is-not-the-registered-one"
    inputs = ("rca", "apartment")
    reads = ("population.person.registered_address",)
    passed = {
        "kk": "Өтініш беруші бұл мекенжайда әлі тіркелмеген.",
        "ru": "Заявитель ещё не зарегистрирован по этому адресу.",
        "en": "The applicant is not yet registered at this address.",
    }
    failed = {
        "kk": "Сіз осы мекенжайда тіркелгенсіз.",
        "ru": "Вы уже зарегистрированы по этому адресу.",
        "en": "You are already registered at this address.",
    }

    def holds(
        self, *, applicant: Values, other: Values, rca: str = "", apartment: str = "", **_: Any
    ) -> bool:
        registered = applicant.get("population.person.registered_address") or {}
        same_building = str(registered.get("rca", "")) == str(rca or "").strip()
        same_flat = str(registered.get("apartment") or "").strip() == str(apartment or "").strip()
        return not (same_building and same_flat)
