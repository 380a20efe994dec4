"""The data tracker's entries: each access to a citizen's data told in words — when, who (the
agency and its system), which data, for what purpose, and whether it was refused and why.
Built for a page of accesses at once, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qyzmet.applications.models import Application, Case
from qyzmet.catalog.models import Agency
from qyzmet.core.texts import Text
from qyzmet.exchange.models import DataAccess
from qyzmet.notifications.events import reference
from qyzmet.offers.models import Offer
from qyzmet.partners.models import Partner
from qyzmet.registries.fields import FIELD_LABELS, REGISTRY_NAMES
from qyzmet.tracker import words
from qyzmet.tracker.bases import basis_text
from qyzmet.tracker.family import Family, Subject
from qyzmet.tracker.models import Concealment

Kind = DataAccess.PurposeKind


@dataclass(frozen=True)
class DataField:
    path: str
    label: Text


@dataclass(frozen=True)
class Entry:
    access: DataAccess
    agency: Text  # who asked
    system: Text  # which of its systems
    provider: Text  # the agency holding the registry
    registry: Text
    fields: list[DataField]
    purpose: Text
    application_id: uuid.UUID | None  # the citizen's own application it served
    offer_id: uuid.UUID | None  # the citizen's own offer it served
    refusal: Text | None  # None when granted
    hidden_until: datetime.datetime | None  # when a concealment, now ended, hid it till
    hidden_basis: Text | None
    about: Subject | None  # whom it is about: the citizen or one of their minor children

    @property
    def refused(self) -> bool:
        return self.access.outcome == DataAccess.Outcome.REFUSED


def _uuids(values: Iterable[str]) -> set[uuid.UUID]:
    found = set()
    for value in values:
        try:
            found.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _key(value: str) -> str:
    return "".join(c for c in value.lower() if c.isalnum())


def _system(code: str, partners: dict[str, str]) -> Text:
    if code.startswith("partner:"):
        slug = code.removeprefix("partner:")
        return words.filled(words.PARTNER, name=partners.get(slug, slug))
    key = _key(code)
    key = words.SYSTEM_ALIASES.get(key, key)
    return words.SYSTEMS.get(key) or words.same(code)


def _refusal(access: DataAccess) -> Text | None:
    if access.outcome != DataAccess.Outcome.REFUSED:
        return None
    code = access.refusal.split(":", 1)[0].strip().lower()
    code = words.REFUSAL_ALIASES.get(code, code)
    return words.REFUSALS.get(code) or (words.same(access.refusal) if access.refusal else None)


def _name(names: dict[str, Text], slug: str) -> Text:
    return names.get(slug) or words.same(slug)


def _registry_name(registry: str) -> Text:
    if registry == words.ATTACHMENTS:
        return words.ATTACHED_DOCUMENTS
    if registry == words.VISITS:
        return words.VISIT_LISTS
    if registry == words.CONSULTATIONS:
        return words.CONSULTED_CASES
    return REGISTRY_NAMES.get(registry) or words.same(registry)


def _field_label(access: DataAccess, path: str, purposes: _Purposes) -> Text:
    """A registry field's label; an attachment an officer opened, by the catalogue's label."""
    if access.registry == words.ATTACHMENTS and access.purpose_kind == Kind.CASE:
        case = purposes.cases.get(next(iter(_uuids([access.purpose_ref])), None))  # type: ignore[arg-type]
        kind = path.removeprefix(f"{words.ATTACHMENTS}.")
        for attachment in case.service.attachments if case is not None else []:
            if attachment["id"] == kind:
                return dict(attachment["label"])
    if access.registry == words.VISITS:
        return words.VISIT_ON_DAY_LIST
    if access.registry == words.CONSULTATIONS:
        return words.CONSULTED_CASE
    return FIELD_LABELS.get(path) or words.same(path)


class _Purposes:
    """The purposes of a page of accesses, with the applications, cases and offers they name
    loaded at once; whether each is the citizen's decides what is said and linked."""

    def __init__(self, citizen: Any, accesses: Sequence[DataAccess]) -> None:
        self.citizen = citizen
        refs = {kind: [a.purpose_ref for a in accesses if a.purpose_kind == kind] for kind in Kind}
        self.applications = {
            a.pk: a
            for a in Application.objects.filter(pk__in=_uuids(refs[Kind.APPLICATION]))
            .select_related("life_situation", "service")
        }  # fmt: skip
        self.cases = {
            c.pk: c
            for c in Case.objects.filter(pk__in=_uuids(refs[Kind.CASE]))
            .select_related("application", "service")
        }  # fmt: skip
        self.offers = {
            o.pk: o
            for o in Offer.objects.filter(pk__in=_uuids(refs[Kind.OFFER]))
            .select_related("rule_version")
        }  # fmt: skip

    def _application(self, application: Application | None, title: Text | None) -> tuple:
        if application is None:
            return words.AN_APPLICATION, None, None
        if title is None:
            version = application.life_situation or application.service
            title = version.title if version is not None else words.same("")
        if application.citizen_id == getattr(self.citizen, "pk", None):
            number = reference(application)
            text = words.filled(words.YOUR_APPLICATION, number=number, title=title)
            return text, application.pk, None
        if application.under_mandate and application.subject_iin == getattr(
            self.citizen, "iin", None
        ):  # made in the citizen's name by their representative: theirs to follow too
            number = reference(application)
            text = words.filled(words.REPRESENTATIVES_APPLICATION, number=number, title=title)
            return text, application.pk, None
        return words.filled(words.OTHERS_APPLICATION, title=title), None, None

    def of(self, access: DataAccess) -> tuple[Text, uuid.UUID | None, uuid.UUID | None]:
        """The purpose in words, and the citizen's own application or offer it served."""
        ref = _uuids([access.purpose_ref])
        key = next(iter(ref), None)
        if access.purpose_kind == Kind.APPLICATION:
            return self._application(self.applications.get(key), None)  # type: ignore[arg-type]
        if access.purpose_kind == Kind.CASE:
            case = self.cases.get(key)  # type: ignore[arg-type]
            if case is None:
                return words.AN_APPLICATION, None, None
            return self._application(case.application, case.service.title)
        if access.purpose_kind == Kind.OFFER:
            offer = self.offers.get(key)  # type: ignore[arg-type]
            if offer is None:
                return words.AN_OFFER, None, None
            title = offer.rule_version.title
            if offer.citizen_iin == getattr(self.citizen, "iin", None):
                return words.filled(words.YOUR_OFFER, title=title), None, offer.pk
            return words.filled(words.OTHERS_OFFER, title=title), None, None
        return words.filled(words.LEGAL_BASIS, basis=basis_text(access.purpose_ref)), None, None


def entries_for(
    citizen: Any, accesses: Iterable[DataAccess], *, family: Family | None = None
) -> list[Entry]:
    """The tracker's entries of ``accesses`` (a page of ``selectors.accesses_of``) for the
    citizen reading them, each saying whom of the ``family`` it is about."""
    accesses = list(accesses)
    slugs = {a.client_agency for a in accesses} | {a.provider_agency for a in accesses}
    agencies = {a.slug: a.name for a in Agency.objects.filter(slug__in=slugs)}
    partner_slugs = {
        a.client_system.removeprefix("partner:")
        for a in accesses
        if a.client_system.startswith("partner:")
    }
    partners = dict(Partner.objects.filter(slug__in=partner_slugs).values_list("slug", "name"))
    ended = {c.access_id: c for c in Concealment.objects.filter(access__in=accesses)}
    purposes = _Purposes(citizen, accesses)
    entries = []
    for access in accesses:
        purpose, application_id, offer_id = purposes.of(access)
        concealment = ended.get(access.pk)
        entries.append(
            Entry(
                access=access,
                agency=_name(agencies, access.client_agency),
                system=_system(access.client_system, partners),
                provider=_name(agencies, access.provider_agency),
                registry=_registry_name(access.registry),
                fields=[
                    DataField(path, _field_label(access, path, purposes))
                    for path in access.fields or []
                ],
                purpose=purpose,
                application_id=application_id,
                offer_id=offer_id,
                refusal=_refusal(access),
                hidden_until=(concealment.lifted_at or concealment.until) if concealment else None,
                hidden_basis=basis_text(concealment.basis) if concealment else None,
                about=family.about(access.subject) if family is not None else None,
            )
        )
    return entries
