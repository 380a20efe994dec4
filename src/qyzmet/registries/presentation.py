"""Registry values as people read them, in kk, ru or en: the one place every channel (the
portal's check page, the messenger, the officer's case page, result documents) turns a value
read from the registries into words. What a value is comes from the field's declared type
(``registries.schema``), never from the value's shape: a date of birth is a date in the
reader's language, a citizenship the country's name, a list a list ("none" when empty)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import formats, translation
from django.utils.text import capfirst

from qyzmet.core.texts import Text, current_language, pick
from qyzmet.registries import names
from qyzmet.registries.schema import LISTS, ValueType, field_type


@dataclass(frozen=True)
class Shown:
    """A value in words: its main line, secondary lines (the RCA of an address, the dates of a
    document), and for a list its items (``None`` when the value is not a list)."""

    text: str
    details: tuple[str, ...] = ()
    items: tuple[Shown, ...] | None = None

    @property
    def is_list(self) -> bool:
        return self.items is not None

    def plain(self) -> str:
        """The whole value in one line, for a chat message or a PDF row."""
        if self.items:
            return "; ".join(item.plain() for item in self.items)
        return ", ".join((self.text, *self.details)) if self.details else self.text


WORDS: dict[str, Text] = {
    "none": {"kk": "жоқ", "ru": "нет", "en": "none"},
    "yes": {"kk": "иә", "ru": "да", "en": "yes"},
    "no": {"kk": "жоқ", "ru": "нет", "en": "no"},
    "rca": {"kk": "МТК", "ru": "РКА", "en": "RCA"},
    "iin": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    "bin": {"kk": "БСН", "ru": "БИН", "en": "BIN"},
    "issued": {
        "kk": "берілген күні: {date}",
        "ru": "дата выдачи: {date}",
        "en": "issued on {date}",
    },
    "expires": {
        "kk": "{date} дейін жарамды",
        "ru": "срок действия до {date}",
        "en": "valid until {date}",
    },
    "issuer": {
        "kk": "берген орган: {issuer}",
        "ru": "орган выдачи: {issuer}",
        "en": "issued by {issuer}",
    },
    "registered": {
        "kk": "тіркелген күні: {date}",
        "ru": "зарегистрирован {date}",
        "en": "registered on {date}",
    },
    "owned_since": {
        "kk": "{date} бастап меншікте",
        "ru": "в собственности с {date}",
        "en": "owned since {date}",
    },
    "cadastral": {
        "kk": "кадастрлық нөмірі: {number}",
        "ru": "кадастровый номер: {number}",
        "en": "cadastral number: {number}",
    },
    "area": {"kk": "{area} м²", "ru": "{area} м²", "en": "{area} m²"},
    "encumbered": {"kk": "ауыртпалық бар", "ru": "есть обременение", "en": "encumbered"},
    "plate": {
        "kk": "мемлекеттік нөмірі: {plate}",
        "ru": "госномер: {plate}",
        "en": "plate: {plate}",
    },
    "vin": {"kk": "VIN: {vin}", "ru": "VIN: {vin}", "en": "VIN: {vin}"},
    "minor": {"kk": "кәмелетке толмаған", "ru": "несовершеннолетний", "en": "minor"},
}

CODES: dict[ValueType | str, dict[str, Text]] = {
    ValueType.SEX: {
        "M": {"kk": "ер", "ru": "мужской", "en": "male"},
        "F": {"kk": "әйел", "ru": "женский", "en": "female"},
    },
    ValueType.COUNTRY: {
        "KZ": {"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"},
        "RU": {"kk": "Ресей", "ru": "Россия", "en": "Russia"},
        "UZ": {"kk": "Өзбекстан", "ru": "Узбекистан", "en": "Uzbekistan"},
        "KG": {"kk": "Қырғызстан", "ru": "Кыргызстан", "en": "Kyrgyzstan"},
        "TR": {"kk": "Түркия", "ru": "Турция", "en": "Türkiye"},
        "UA": {"kk": "Украина", "ru": "Украина", "en": "Ukraine"},
        "TJ": {"kk": "Тәжікстан", "ru": "Таджикистан", "en": "Tajikistan"},
        "AZ": {"kk": "Әзірбайжан", "ru": "Азербайджан", "en": "Azerbaijan"},
        "BY": {"kk": "Беларусь", "ru": "Беларусь", "en": "Belarus"},
        "DE": {"kk": "Германия", "ru": "Германия", "en": "Germany"},
        "KR": {"kk": "Корея Республикасы", "ru": "Республика Корея", "en": "Republic of Korea"},
        "CN": {"kk": "Қытай", "ru": "Китай", "en": "China"},
        "MN": {"kk": "Моңғолия", "ru": "Монголия", "en": "Mongolia"},
        "TM": {"kk": "Түрікменстан", "ru": "Туркменистан", "en": "Turkmenistan"},
    },
    ValueType.MARITAL_STATUS: {
        "single": {"kk": "некеде емес", "ru": "не состоит в браке", "en": "single"},
        "married": {"kk": "некеде", "ru": "состоит в браке", "en": "married"},
        "widowed": {"kk": "жұбайы қайтыс болған", "ru": "вдова (вдовец)", "en": "widowed"},
    },
    ValueType.EMPLOYMENT_STATUS: {
        "employed": {"kk": "жалдамалы жұмыс істейді", "ru": "работает по найму", "en": "employed"},
        "self_employed": {
            "kk": "жеке кәсіпкер",
            "ru": "индивидуальный предприниматель",
            "en": "self-employed",
        },
        "not_working": {"kk": "жұмыс істемейді", "ru": "не работает", "en": "not working"},
    },
    ValueType.LEGAL_FORM: {
        "sole-proprietor": {
            "kk": "жеке кәсіпкер",
            "ru": "индивидуальный предприниматель",
            "en": "sole proprietor",
        },
        "llp": {
            "kk": "жауапкершілігі шектеулі серіктестік",
            "ru": "товарищество с ограниченной ответственностью",
            "en": "limited liability partnership",
        },
    },
    ValueType.BUSINESS_STATUS: {
        "active": {"kk": "жұмыс істеп тұр", "ru": "действует", "en": "active"},
        "suspended": {"kk": "қызметі тоқтатылған", "ru": "приостановлена", "en": "suspended"},
        "closed": {"kk": "жабылған", "ru": "закрыта", "en": "closed"},
    },
    "document_kind": {
        "id-card": {"kk": "Жеке куәлік", "ru": "Удостоверение личности", "en": "Identity card"},
        "passport": {"kk": "Паспорт", "ru": "Паспорт", "en": "Passport"},
        "birth-certificate": {
            "kk": "Туу туралы куәлік",
            "ru": "Свидетельство о рождении",
            "en": "Birth certificate",
        },
    },
    "document_status": {
        "valid": {"kk": "жарамды", "ru": "действителен", "en": "valid"},
        "expired": {"kk": "мерзімі өткен", "ru": "срок истёк", "en": "expired"},
        "lost": {"kk": "жоғалған", "ru": "утерян", "en": "lost"},
    },
    "issuer": {
        names.ID_CARD_ISSUER: {
            "kk": "ҚР Ішкі істер министрлігі",
            "ru": "МВД РК",
            "en": "Ministry of Internal Affairs of Kazakhstan",
        },
        names.BIRTH_CERTIFICATE_ISSUER: {
            "kk": "Азаматтық хал актілерін тіркеу органдары",
            "ru": "Органы регистрации актов гражданского состояния",
            "en": "Civil registry offices",
        },
    },
    "property_kind": {
        "apartment": {"kk": "Пәтер", "ru": "Квартира", "en": "Apartment"},
        "house": {"kk": "Үй", "ru": "Дом", "en": "House"},
        "land": {"kk": "Жер учаскесі", "ru": "Земельный участок", "en": "Land plot"},
    },
    "relation": {
        "child": {"kk": "Баласы", "ru": "Ребёнок", "en": "Child"},
        "parent": {"kk": "Ата-анасы", "ru": "Родитель", "en": "Parent"},
        "spouse": {"kk": "Жұбайы", "ru": "Супруг(а)", "en": "Spouse"},
        "sibling": {"kk": "Бауыры", "ru": "Брат или сестра", "en": "Brother or sister"},
    },
}


def _countries_by_issuer() -> dict[str, str]:
    """A foreign passport's issuer is its country, named in Russian by the registry."""
    return {issuer: code for code, issuer, _style, _weight in names.FOREIGN_COUNTRIES}


FOREIGN_ISSUERS = _countries_by_issuer()


def word(key: str, language: str, **values: Any) -> str:
    return pick(WORDS[key], language).format(**values)


def code(vocabulary: ValueType | str, value: Any, language: str) -> str:
    """A code in words (``KZ`` → Kazakhstan); an unknown code as it is."""
    found = CODES.get(vocabulary, {}).get(str(value))
    return pick(found, language) if found else str(value)


def date(value: Any, language: str) -> str:
    """An ISO date as the language writes dates (its ``DATE_FORMAT``); anything else as it is."""
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def _issuer(issuer: str, language: str) -> str:
    if issuer in FOREIGN_ISSUERS:
        return code(ValueType.COUNTRY, FOREIGN_ISSUERS[issuer], language)
    return code("issuer", issuer, language)


def _words(value: Any, language: str) -> str:
    return pick(value, language) if isinstance(value, dict) else str(value)


def _none(language: str) -> Shown:
    return Shown(capfirst(word("none", language)))


def _person(value: dict[str, Any], language: str) -> Shown:
    name = _words(value.get("full_name") or "", language)
    born = value.get("birth_date")
    text = f"{name} ({date(born, language)})" if born else name
    iin = value.get("iin")
    return Shown(text, (f"{word('iin', language)}: {iin}",) if iin else ())


def _address(value: dict[str, Any], language: str) -> Shown:
    rca = value.get("rca")
    details = (f"{word('rca', language)}: {rca}",) if rca else ()
    return Shown(_words(value.get("text") or "", language), details)


def _document(value: dict[str, Any], language: str) -> Shown:
    kind = code("document_kind", value.get("kind", ""), language)
    details = []
    if value.get("issued_on"):
        details.append(word("issued", language, date=date(value["issued_on"], language)))
    if value.get("issuer"):
        details.append(word("issuer", language, issuer=_issuer(value["issuer"], language)))
    if value.get("expires_on"):
        details.append(word("expires", language, date=date(value["expires_on"], language)))
    if value.get("status") and value["status"] != "valid":  # expired, lost: said
        details.append(code("document_status", value["status"], language))
    return Shown(f"{kind} №\u00a0{value.get('number', '')}", tuple(details))


def _property(value: dict[str, Any], language: str) -> Shown:
    kind = code("property_kind", value.get("kind", ""), language)
    where = _words((value.get("address") or {}).get("text") or "", language)
    area = value.get("area_m2")
    area_text = word("area", language, area=formats.number_format(area)) if area else ""
    text = ", ".join(p for p in (kind, where, area_text) if p)
    details = [word("cadastral", language, number=value.get("cadastral_number", ""))]
    if value.get("owned_since"):
        details.append(word("owned_since", language, date=date(value["owned_since"], language)))
    if value.get("encumbered"):
        details.append(word("encumbered", language))
    return Shown(text, tuple(details))


def _vehicle(value: dict[str, Any], language: str) -> Shown:
    name = " ".join(str(value[k]) for k in ("make", "model") if value.get(k))
    text = f"{name}, {value['year']}" if value.get("year") else name
    details = tuple(
        word(key, language, **{key: value[key]}) for key in ("plate", "vin") if value.get(key)
    )
    return Shown(text, details)


def _business(value: dict[str, Any], language: str) -> Shown:
    details = [code(ValueType.LEGAL_FORM, value.get("legal_form", ""), language)]
    if value.get("bin"):
        details.append(f"{word('bin', language)}: {value['bin']}")
    if value.get("status"):
        details.append(code(ValueType.BUSINESS_STATUS, value["status"], language))
    if value.get("registered_on"):
        details.append(word("registered", language, date=date(value["registered_on"], language)))
    return Shown(str(value.get("name", "")), tuple(d for d in details if d))


def _relative(value: dict[str, Any], language: str) -> Shown:
    relation = code("relation", value.get("relation", ""), language)
    details = (word("minor", language),) if value.get("minor") else ()
    return Shown(f"{relation}: {value.get('iin', '')}", details)


ITEMS: dict[ValueType, Callable[[dict[str, Any], str], Shown]] = {
    ValueType.PEOPLE: _person,
    ValueType.RELATIVES: _relative,
    ValueType.PROPERTIES: _property,
    ValueType.VEHICLES: _vehicle,
    ValueType.BUSINESSES: _business,
}

RECORDS: dict[ValueType, Callable[[dict[str, Any], str], Shown]] = {
    ValueType.PERSON: _person,
    ValueType.ADDRESS: _address,
    ValueType.DOCUMENT: _document,
}


def present_as(kind: ValueType | None, value: Any, language: str | None = None) -> Shown:
    """``value``, of the registry type ``kind``, in words in ``language`` (the active one by
    default). A missing value or an empty list reads "none" in the language."""
    language = language or current_language()
    if value is None or value == "" or value == [] or value == {}:
        return _none(language)
    if kind in LISTS:
        item = ITEMS[kind]  # type: ignore[index]
        return Shown("", items=tuple(item(v, language) for v in value))
    if kind in RECORDS and isinstance(value, dict):
        return RECORDS[kind](value, language)  # type: ignore[index]
    if kind is ValueType.DATE:
        return Shown(date(value, language))
    if kind is ValueType.BOOLEAN:
        return Shown(capfirst(word("yes" if value else "no", language)))
    if kind is ValueType.WORDS:
        return Shown(_words(value, language))
    if kind in CODES:
        return Shown(capfirst(code(kind, value, language)))  # type: ignore[arg-type]
    if kind is None:
        return _unknown(value, language)
    return Shown(str(value))  # text, IIN, BIN, IBAN, phone: as written


def _unknown(value: Any, language: str) -> Shown:
    """A value of a field the schema does not know: as text, a list as a list."""
    if isinstance(value, list):
        return Shown("", items=tuple(_unknown(v, language) for v in value))
    if isinstance(value, dict):
        if set(value) <= {"kk", "ru", "en"}:
            return Shown(pick(value, language))
        return Shown(", ".join(_unknown(v, language).plain() for v in value.values() if v))
    if isinstance(value, bool):
        return Shown(word("yes" if value else "no", language))
    return Shown(str(value))


def present(path: str, value: Any, language: str | None = None) -> Shown:
    """The value of the registry field at ``path`` (``population.person.birth_date``) in words,
    by the field's declared type."""
    return present_as(field_type(path), value, language)


def present_person(value: dict[str, Any], language: str | None = None) -> Shown:
    """A relative (``{"iin", "full_name", "birth_date"}``) in words: a child to choose in a
    form, for example."""
    return present_as(ValueType.PERSON, value, language)
