"""The facts of a case as people read them: form values under the form's labels, registry
values with the registry they came from, in the active language. Officers read them on the case
page; citizens read them on their result documents. Presentation only: nothing here decides."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from qyzmet.applications.models import Case
from qyzmet.catalog.models import Agency
from qyzmet.core.texts import LANGUAGES, pick
from qyzmet.registries.fields import FIELD_LABELS, REGISTRY_NAMES
from qyzmet.registries.presentation import Shown
from qyzmet.registries.presentation import present as present_registry_value

EMPTY = "—"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

KEY_LABELS = {
    "iin": _("IIN"),
    "bin": _("BIN"),
    "full_name": _("name"),
    "birth_date": _("born"),
    "kind": _("kind"),
    "number": _("number"),
    "issued_on": _("issued on"),
    "expires_on": _("valid until"),
    "issuer": _("issued by"),
    "status": _("status"),
    "cadastral_number": _("cadastral number"),
    "area_m2": _("area, m²"),
    "address": _("address"),
    "owned_since": _("owned since"),
    "encumbered": _("encumbered"),
    "vin": _("VIN"),
    "plate": _("plate"),
    "make": _("make"),
    "model": _("model"),
    "year": _("year"),
    "name": _("name"),
    "legal_form": _("legal form"),
    "registered_on": _("registered on"),
}

CODE_LABELS = {
    "sex": {"M": _("male"), "F": _("female")},
    "marital_status": {"single": _("single"), "married": _("married"), "widowed": _("widowed")},
    "kind": {
        "id-card": _("identity card"),
        "passport": _("passport"),
        "birth-certificate": _("birth certificate"),
        "apartment": _("apartment"),
        "house": _("house"),
        "land": _("land plot"),
    },
    "status": {
        "valid": _("valid"),
        "expired": _("expired"),
        "lost": _("lost"),
        "active": _("active"),
        "suspended": _("suspended"),
        "closed": _("closed"),
    },
    "legal_form": {"sole-proprietor": _("sole proprietor"), "llp": _("LLP")},
}


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    source: str = ""
    shown: Shown | None = None  # a registry value in words, its lists as lists


def present(value: Any, key: str = "") -> str:
    """One registry or form value as plain text in the active language."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        return _present_dict(value)
    if isinstance(value, list):
        return "; ".join(present(item, key) for item in value)
    text = str(value)
    if key in CODE_LABELS and text in CODE_LABELS[key]:
        return str(CODE_LABELS[key][text])
    if key == "issuer":
        return _issuer(text)
    if ISO_DATE.match(text):
        return formats.date_format(datetime.date.fromisoformat(text), "DATE_FORMAT")
    return text


def _issuer(code: str) -> str:
    """A document's issuer: an agency of the catalogue by its short name in the active
    language (a foreign issuer, named by the registry, as named)."""
    agency = Agency.objects.filter(slug=code).only("short_name", "name").first()
    if agency is None:
        return code
    return pick(agency.short_name) or pick(agency.name)


def _present_dict(value: dict[str, Any]) -> str:
    if value and set(value) <= set(LANGUAGES):
        return pick(value)
    if "text" in value:
        return present(value["text"])
    parts = [
        f"{KEY_LABELS.get(key, key)}: {present(item, key)}"
        for key, item in value.items()
        if item not in (None, "")
    ]
    return ", ".join(parts) or EMPTY


def _form_value(spec: dict[str, Any], value: Any) -> str:
    labels = spec.get("x-enum-labels")
    if labels and value in spec.get("enum", []):
        return pick(labels[spec["enum"].index(value)])
    return present(value)


def form_rows(case: Case, *, only: Collection[str] | None = None) -> list[Row]:
    """The form values of the case (those named in ``only``, when given), in the form's order,
    under the form's own labels."""
    form = case.service.form
    properties = form.get("properties", {})
    order = list(form.get("x-order", properties))
    order += [name for name in case.data if name not in order]
    return [
        Row(
            label=pick(properties.get(name, {}).get("x-label")) or name,
            value=_form_value(properties.get(name, {}), case.data[name]),
        )
        for name in order
        if name in case.data and (only is None or name in only)
    ]


def extract_rows(case: Case, *, skip: Collection[str] = ()) -> list[Row]:
    """The registry extract the case was submitted with, each value with its registry (but
    the field paths in ``skip``)."""
    rows = []
    for path, value in case.registry_extract.items():
        if path in skip:
            continue
        registry = path.split(".", 1)[0]
        shown = present_registry_value(path, value)
        rows.append(
            Row(
                label=pick(FIELD_LABELS.get(path)) or path,
                value=shown.plain(),
                source=pick(REGISTRY_NAMES.get(registry)) or registry,
                shown=shown,
            )
        )
    return rows
