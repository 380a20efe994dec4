"""The registry fields that services may declare (``registry.entity.field``) and how each is
read for one person. Values are plain JSON so they can be stored with the application as the
extract it was decided on."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qyzmet.core.selects import KeptSelect, kept_select
from qyzmet.registries.models import (
    Building,
    Business,
    Encumbrance,
    IdentityDocument,
    PaymentAccount,
    Person,
    RealEstate,
)

REFERENCE_AGE_YEARS = 18


@dataclass(frozen=True)
class RegistryField:
    path: str
    read: Callable[[Any], Any]
    # the relations its reader follows (``select_related`` paths), loaded with the entity: a
    # field that follows none is read from the entity's own row
    joins: tuple[str, ...] = ()

    @property
    def registry(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def entity(self) -> str:
        """What the field is of (``person``, ``building``...): the kind of the subject."""
        return self.path.split(".", 2)[1]


FIELDS: dict[str, RegistryField] = {}

REGISTRY_NAMES: dict[str, dict[str, str]] = {
    "population": {"kk": "Халық тіркелімі", "ru": "Регистр населения", "en": "Population registry"},
    "addresses": {"kk": "Мекенжай тіркелімі", "ru": "Адресный регистр", "en": "Address registry"},
    "property": {
        "kk": "Жылжымайтын мүлік тіркелімі",
        "ru": "Регистр недвижимости",
        "en": "Real estate registry",
    },
    "vehicles": {
        "kk": "Көлік құралдарының тіркелімі",
        "ru": "Регистр транспортных средств",
        "en": "Vehicle registry",
    },
    "businesses": {
        "kk": "Заңды тұлғалар мен ЖК тіркелімі",
        "ru": "Регистр юридических лиц и ИП",
        "en": "Business registry",
    },
    "labour": {
        "kk": "Еңбек және әлеуметтік төлемдер тіркелімі",
        "ru": "Регистр занятости и социальных выплат",
        "en": "Employment and social payments registry",
    },
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "population.person.iin": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    "population.person.full_name": {"kk": "Аты-жөні", "ru": "ФИО", "en": "Full name"},
    "population.person.birth_date": {
        "kk": "Туған күні",
        "ru": "Дата рождения",
        "en": "Date of birth",
    },
    "population.person.sex": {"kk": "Жынысы", "ru": "Пол", "en": "Sex"},
    "population.person.citizenship": {"kk": "Азаматтығы", "ru": "Гражданство", "en": "Citizenship"},
    "population.person.identity_document": {
        "kk": "Жеке басын куәландыратын құжат",
        "ru": "Документ, удостоверяющий личность",
        "en": "Identity document",
    },
    "population.person.registered_address": {
        "kk": "Тіркелген мекенжайы",
        "ru": "Адрес регистрации",
        "en": "Registered address",
    },
    "population.person.children": {"kk": "Балалары", "ru": "Дети", "en": "Children"},
    "population.person.spouse": {"kk": "Жұбайы", "ru": "Супруг(а)", "en": "Spouse"},
    "population.person.marital_status": {
        "kk": "Отбасылық жағдайы",
        "ru": "Семейное положение",
        "en": "Marital status",
    },
    "property.person.real_estate": {
        "kk": "Жылжымайтын мүлкі",
        "ru": "Недвижимость",
        "en": "Real estate owned",
    },
    "vehicles.person.vehicles": {
        "kk": "Көлік құралдары",
        "ru": "Транспортные средства",
        "en": "Vehicles owned",
    },
    "businesses.person.businesses": {"kk": "Бизнесі", "ru": "Бизнес", "en": "Businesses owned"},
    "labour.person.employment_status": {
        "kk": "Жұмыспен қамтылуы",
        "ru": "Занятость",
        "en": "Employment",
    },
    "labour.person.payment_account": {
        "kk": "Мемлекеттік төлемдерге арналған шот",
        "ru": "Счёт для государственных выплат",
        "en": "Account for state payments",
    },
    "population.person.first_name": {"kk": "Аты", "ru": "Имя", "en": "First name"},
    "population.person.last_name": {"kk": "Тегі", "ru": "Фамилия", "en": "Last name"},
    "population.person.living": {"kk": "Тірі", "ru": "Жив(а)", "en": "Living"},
    "population.person.parents": {"kk": "Ата-анасы", "ru": "Родители", "en": "Parents"},
    "population.person.mobile_phone": {
        "kk": "Ұялы телефон нөмірі",
        "ru": "Номер мобильного телефона",
        "en": "Mobile phone number",
    },
    "addresses.building.rca": {
        "kk": "Мекенжайдың тіркеу коды",
        "ru": "Регистрационный код адреса",
        "en": "Registration code of address",
    },
    "businesses.business.name": {
        "kk": "Компанияның атауы",
        "ru": "Наименование компании",
        "en": "Company name",
    },
    "businesses.business.legal_form": {
        "kk": "Компанияның ұйымдық-құқықтық нысаны",
        "ru": "Организационно-правовая форма компании",
        "en": "Company's legal form",
    },
    "businesses.business.status": {
        "kk": "Компанияның мәртебесі",
        "ru": "Статус компании",
        "en": "Company's status",
    },
    "businesses.business.registered_on": {
        "kk": "Компанияның тіркелген күні",
        "ru": "Дата регистрации компании",
        "en": "Company registered on",
    },
    "property.real_estate.encumbered": {
        "kk": "Мүліктің ауыртпалығы",
        "ru": "Обременение недвижимости",
        "en": "Property encumbered",
    },
}


def field_paths() -> frozenset[str]:
    """Every field path the registries know (the vocabulary, without the readers)."""
    return frozenset(FIELDS)


def registry_field(
    path: str, *, joins: tuple[str, ...] = ()
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    def register(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
        FIELDS[path] = RegistryField(path=path, read=read, joins=joins)
        return read

    return register


def full_name(person: Person) -> dict[str, str]:
    return {
        "kk": " ".join(
            p for p in (person.last_name_kk, person.first_name_kk, person.patronymic_kk) if p
        ),
        "ru": " ".join(
            p for p in (person.last_name_ru, person.first_name_ru, person.patronymic_ru) if p
        ),
    }


def address(building: Building | None, apartment: str = "") -> dict[str, Any] | None:
    if building is None:
        return None
    street = building.street
    locality = street.locality
    region = locality.region
    flat = {"kk": f", {apartment} пәтер", "ru": f", кв. {apartment}"} if apartment else {}
    return {
        "rca": building.rca,
        "postcode": building.postcode,
        "region": {"kk": region.name_kk, "ru": region.name_ru},
        "locality": {"kk": locality.name_kk, "ru": locality.name_ru},
        "street": {"kk": street.name_kk, "ru": street.name_ru},
        "building": building.number,
        "apartment": apartment,
        "text": {
            "kk": f"{locality.name_kk}, {street.name_kk}, {building.number}{flat.get('kk', '')}",
            "ru": f"{locality.name_ru}, {street.name_ru}, {building.number}{flat.get('ru', '')}",
        },
    }


def _relative(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"iin": person.iin, "full_name": full_name(person), "birth_date": person.birth_date}


@registry_field("population.person.iin")
def _iin(person: Person) -> str:
    return person.iin


@registry_field("population.person.full_name")
def _full_name(person: Person) -> dict[str, str]:
    return full_name(person)


@registry_field("population.person.birth_date")
def _birth_date(person: Person) -> str:
    return person.birth_date.isoformat()


@registry_field("population.person.sex")
def _sex(person: Person) -> str:
    return person.sex


@registry_field("population.person.citizenship")
def _citizenship(person: Person) -> str:
    return person.citizenship


@registry_field("population.person.identity_document")
def _identity_document(person: Person) -> dict[str, Any] | None:
    documents = _valid_identity_documents(person.pk) or _identity_documents(person.pk)
    if not documents:
        return None
    document = documents[0]
    return {
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on.isoformat(),
        "expires_on": document.expires_on.isoformat() if document.expires_on else None,
        "issuer": document.issuer,
        "status": document.status,
    }


@kept_select
def _valid_identity_documents(person: int) -> QuerySet[IdentityDocument]:
    """The person's latest valid document that proves identity (a birth certificate does
    not), as a list of one."""
    valid = IdentityDocument.objects.filter(person_id=person, status=IdentityDocument.Status.VALID)
    kind = IdentityDocument.Kind.BIRTH_CERTIFICATE
    return valid.exclude(kind=kind).order_by("-issued_on")[:1]


@kept_select
def _identity_documents(person: int) -> QuerySet[IdentityDocument]:
    """The person's latest document of any kind and status, as a list of one."""
    return IdentityDocument.objects.filter(person_id=person).order_by("-issued_on")[:1]


ADDRESS = "building__street__locality__region"


@registry_field("population.person.registered_address", joins=(ADDRESS,))
def _registered_address(person: Person) -> dict[str, Any] | None:
    return address(person.building, person.apartment)


@registry_field("population.person.children")
def _children(person: Person) -> list[dict[str, Any]]:
    read = (
        _living_children_of_mother
        if person.sex == Person.Sex.FEMALE
        else _living_children_of_father
    )
    children = read(person.pk)
    return [
        {**_relative(child), "birth_date": child.birth_date.isoformat()}  # type: ignore[dict-item]
        for child in sorted(children, key=lambda child: (child.birth_date, child.pk))
    ]  # birth dates are encrypted: sorted here, not by the database


@kept_select
def _living_children_of_mother(mother: int) -> QuerySet[Person]:
    return Person.objects.filter(mother_id=mother, death_date__isnull=True)


@kept_select
def _living_children_of_father(father: int) -> QuerySet[Person]:
    return Person.objects.filter(father_id=father, death_date__isnull=True)


@registry_field("population.person.spouse", joins=("spouse",))
def _spouse(person: Person) -> dict[str, Any] | None:
    spouse = _relative(person.spouse)
    if spouse is not None:
        spouse["birth_date"] = spouse["birth_date"].isoformat()
    return spouse


@registry_field("population.person.marital_status", joins=("spouse",))
def _marital_status(person: Person) -> str:
    if person.spouse is None:
        return "single"
    return "widowed" if person.spouse.death_date else "married"


@registry_field("property.person.real_estate")
def _real_estate(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "cadastral_number": item.cadastral_number,
            "kind": item.kind,
            "area_m2": str(item.area_m2),
            "address": address(item.building, item.apartment),
            "owned_since": item.owned_since.isoformat(),
            "encumbered": any(e.lifted_on is None for e in item.encumbrances.all()),
        }
        for item in person.real_estate.select_related(
            "building__street__locality__region"
        ).prefetch_related("encumbrances")
    ]


@registry_field("vehicles.person.vehicles")
def _vehicles(person: Person) -> list[dict[str, Any]]:
    return [
        {"vin": v.vin, "plate": v.plate, "make": v.make, "model": v.model, "year": v.year}
        for v in person.vehicles.order_by("registered_on")
    ]


@registry_field("businesses.person.businesses")
def _businesses(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "bin": b.bin,
            "name": b.name,
            "legal_form": b.legal_form,
            "status": b.status,
            "registered_on": b.registered_on.isoformat(),
        }
        for b in person.businesses.order_by("registered_on")
    ]


@registry_field("labour.person.employment_status")
def _employment_status(person: Person) -> str:
    """``employed`` (an open employment contract), ``self_employed`` (an active sole
    proprietorship) or ``not_working``."""
    if person.employments.filter(ended_on__isnull=True).exists():
        return "employed"
    sole = person.businesses.filter(legal_form=Business.LegalForm.SOLE_PROPRIETOR)
    return "self_employed" if sole.filter(status=Business.Status.ACTIVE).exists() else "not_working"


@registry_field("labour.person.payment_account")
def _payment_account(person: Person) -> str | None:
    """The IBAN the state pays the person's pensions and benefits to, if they gave one."""
    return PaymentAccount.objects.filter(person=person).values_list("iban", flat=True).first()


RELATIONS = (ADDRESS, "spouse", "mother", "father")  # what a person is loaded with by default


def find_person(iin: str, *, relations: Iterable[str] = RELATIONS) -> Person | None:
    """The person with this IIN, with ``relations`` (``select_related`` paths) loaded."""
    digest = Person._meta.get_field("iin_digest").digest(iin)  # type: ignore[union-attr]
    if digest is None:
        return None
    people = _people_with(tuple(sorted(set(relations))))(digest)
    return people[0] if people else None


@functools.lru_cache(maxsize=64)
def _people_with(relations: tuple[str, ...]) -> KeptSelect[Person]:
    """The read of a person by IIN with ``relations``, compiled once (decision 84)."""

    def people(digest: str) -> QuerySet[Person]:
        return Person.objects.select_related(*relations).filter(iin_digest=digest)[:1]

    return kept_select(people)


def _holds(found: Any, joins: Iterable[str]) -> bool:
    """Whether the entity ``found`` was loaded with every relation of ``joins``."""
    for join in joins:
        entity = found
        for name in join.split("__"):
            if entity is None:
                break
            field = entity._meta.get_field(name)
            if not field.is_cached(entity):
                return False
            entity = field.get_cached_value(entity)
    return True


def read_registry_data(
    *, iin: str, fields: Iterable[str], person: Person | None = None
) -> dict[str, Any]:
    """The values of ``fields`` for the person with this IIN (pass ``person`` when it is at
    hand already); an empty dict when the population registry does not know them. Unknown
    field paths raise ``KeyError``."""
    readers = [FIELDS[path] for path in fields]
    if person is None or person.iin != iin:
        person = find_person(iin)
    if person is None:
        return {}
    return {reader.path: reader.read(person) for reader in readers}


def age_on(person: Person, day: datetime.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def active_businesses(person: Person) -> list[Business]:
    return list(person.businesses.filter(status=Business.Status.ACTIVE))


@registry_field("population.person.first_name")
def _first_name(person: Person) -> dict[str, str]:
    return {"kk": person.first_name_kk, "ru": person.first_name_ru}


@registry_field("population.person.last_name")
def _last_name(person: Person) -> dict[str, str]:
    return {"kk": person.last_name_kk, "ru": person.last_name_ru}


@registry_field("population.person.living")
def _living(person: Person) -> bool:
    return person.death_date is None


@registry_field("population.person.parents", joins=("mother", "father"))
def _parents(person: Person) -> list[dict[str, Any]]:
    return [
        {**_relative(parent), "birth_date": parent.birth_date.isoformat()}  # type: ignore[dict-item]
        for parent in (person.mother, person.father)
        if parent is not None
    ]


@registry_field("population.person.mobile_phone")
def _mobile_phone(person: Person) -> str:
    """The mobile number registered with the state (one-time codes go to it); ``""`` if none."""
    return person.mobile_phone


@registry_field("addresses.building.rca")
def _rca(building: Building) -> str:
    return building.rca


@registry_field("property.real_estate.encumbered")
def _encumbered(item: RealEstate) -> bool:
    return Encumbrance.objects.filter(real_estate=item, lifted_on__isnull=True).exists()


@registry_field("businesses.business.name")
def _business_name(business: Business) -> str:
    return business.name


@registry_field("businesses.business.legal_form")
def _business_legal_form(business: Business) -> str:
    return business.legal_form


@registry_field("businesses.business.status")
def _business_status(business: Business) -> str:
    return business.status


@registry_field("businesses.business.registered_on")
def _business_registered_on(business: Business) -> str:
    return business.registered_on.isoformat()


@kept_select
def _buildings(rca: str) -> QuerySet[Building]:
    """The building with this registration code of address, as a list of one."""
    return Building.objects.filter(rca=rca).order_by("pk")[:1]


SUBJECTS: dict[str, Callable[[str], Any]] = {
    "person": find_person,  # by IIN
    "building": lambda rca: next(iter(_buildings(rca)), None),
    "real_estate": lambda number: RealEstate.objects.filter(cadastral_number=number).first(),
    "business": lambda bin_: Business.objects.filter(bin=bin_).first(),  # by BIN
}


def read_fields(
    *, subject: str, fields: Iterable[str], seen: dict[tuple[str, str], Any] | None = None
) -> dict[str, Any]:
    """The values of ``fields`` (all of one entity: a person, a building...) for the subject
    with this identifier (IIN, registration code of address, cadastral number); an empty dict
    when the registry does not know it. Unknown field paths raise ``KeyError``. ``seen``: the
    entities read already for the same change (by entity and identifier), read once and kept
    there. A person is first loaded with the relations the asked fields follow
    (``RegistryField.joins``), no other (its IIN is its own row); a later request that follows
    one it lacks loads it again with all of them, so at most twice per change."""
    readers = [FIELDS[path] for path in fields]
    entities = {reader.entity for reader in readers}
    if len(entities) != 1:
        raise ValueError(f"fields of one entity, not {sorted(entities)}")
    key = (entities.pop(), subject)
    joins = sorted({join for reader in readers for join in reader.joins})
    if seen is not None and key in seen and (seen[key] is None or _holds(seen[key], joins)):
        found = seen[key]
    elif key[0] == "person":
        again = seen is not None and key in seen
        found = find_person(subject, relations={*RELATIONS, *joins} if again else joins)
    else:
        found = SUBJECTS[key[0]](subject)
    if seen is not None:
        seen[key] = found
    if found is None:
        return {}
    return {reader.path: reader.read(found) for reader in readers}


from qyzmet.registries import ties  # noqa: E402, F401  (registers the fields that tie people)
