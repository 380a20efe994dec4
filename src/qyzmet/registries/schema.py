"""What kind of value each registry field holds: the registry schema the channels present values
by (``registries.presentation``), so that a date reads as a date and a code as a word whatever
the value looks like. Every field of ``registries.fields`` declares its type here."""

from __future__ import annotations

from enum import StrEnum


class ValueType(StrEnum):
    TEXT = "text"  # a string shown as it is
    WORDS = "words"  # ``{"kk": ..., "ru": ...}``: the same text in several languages
    IIN = "iin"  # 12 digits
    BIN = "bin"  # 12 digits
    IBAN = "iban"
    PHONE = "phone"
    DATE = "date"  # an ISO date, ``YYYY-MM-DD``
    BOOLEAN = "boolean"
    SEX = "sex"  # ``M`` or ``F``
    COUNTRY = "country"  # an ISO 3166 alpha-2 code
    MARITAL_STATUS = "marital_status"  # ``single``, ``married``, ``widowed``
    EMPLOYMENT_STATUS = "employment_status"  # ``employed``, ``self_employed``, ``not_working``
    LEGAL_FORM = "legal_form"  # of a business: ``sole-proprietor``, ``llp``
    BUSINESS_STATUS = "business_status"  # ``active``, ``suspended``, ``closed``
    ADDRESS = "address"  # ``registries.fields.address``: text in kk/ru, RCA, parts
    DOCUMENT = "document"  # an identity document: kind, number, dates, issuer, status
    PERSON = "person"  # a relative: IIN, full name, birth date
    PEOPLE = "people"  # a list of PERSON
    RELATIVES = "relatives"  # a list of ``{"iin", "relation"[, "minor"]}``
    PROPERTIES = "properties"  # a list of real estate items
    VEHICLES = "vehicles"  # a list of vehicles
    BUSINESSES = "businesses"  # a list of businesses


LISTS = frozenset(
    {
        ValueType.PEOPLE,
        ValueType.RELATIVES,
        ValueType.PROPERTIES,
        ValueType.VEHICLES,
        ValueType.BUSINESSES,
    }
)

FIELD_TYPES: dict[str, ValueType] = {
    "population.person.iin": ValueType.IIN,
    "population.person.full_name": ValueType.WORDS,
    "population.person.first_name": ValueType.WORDS,
    "population.person.last_name": ValueType.WORDS,
    "population.person.birth_date": ValueType.DATE,
    "population.person.sex": ValueType.SEX,
    "population.person.citizenship": ValueType.COUNTRY,
    "population.person.identity_document": ValueType.DOCUMENT,
    "population.person.registered_address": ValueType.ADDRESS,
    "population.person.children": ValueType.PEOPLE,
    "population.person.parents": ValueType.PEOPLE,
    "population.person.spouse": ValueType.PERSON,
    "population.person.marital_status": ValueType.MARITAL_STATUS,
    "population.person.living": ValueType.BOOLEAN,
    "population.person.mobile_phone": ValueType.PHONE,
    "population.person.relatives": ValueType.RELATIVES,
    "property.person.real_estate": ValueType.PROPERTIES,
    "property.real_estate.encumbered": ValueType.BOOLEAN,
    "property.real_estate.owner": ValueType.IIN,
    "vehicles.person.vehicles": ValueType.VEHICLES,
    "vehicles.vehicle.owner": ValueType.IIN,
    "businesses.person.businesses": ValueType.BUSINESSES,
    "businesses.business.name": ValueType.TEXT,
    "businesses.business.legal_form": ValueType.LEGAL_FORM,
    "businesses.business.status": ValueType.BUSINESS_STATUS,
    "businesses.business.registered_on": ValueType.DATE,
    "labour.person.employment_status": ValueType.EMPLOYMENT_STATUS,
    "labour.person.payment_account": ValueType.IBAN,
    "addresses.building.rca": ValueType.TEXT,
}


def field_type(path: str) -> ValueType | None:
    """The declared type of the field at ``path``; ``None`` for a path the schema does not
    know (a field since removed, read into an old application's extract)."""
    return FIELD_TYPES.get(path)
