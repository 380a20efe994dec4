"""What the selector answers: the ground on which someone acts for a subject (``Ground``), and
whom someone may act for (``Represented``). Plain values, no request objects: every channel
(portal, back office, API, GovStack, messenger) asks the same way."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from qyzmet.core.texts import Text
from qyzmet.representation.models import MandateKind

SELF = "self"
MINOR_CHILD = "minor-child"
COMPANY_HEAD = "company-head"
COMPANY_CERTIFICATE = "company-certificate"
MANDATE_GROUNDS = frozenset(MandateKind.values)  # granted, notarised, guardianship
COMPANY_GROUNDS = frozenset({COMPANY_HEAD, COMPANY_CERTIFICATE})
PERSON = "person"
COMPANY = "company"


@dataclass(frozen=True)
class Ground:
    """Why the actor may act for the subject. ``subject_iin`` is the person the application is
    for; for a company's application, the person acting in its name (the company is
    ``subject_bin``). ``mandate_id`` names the mandate when one is the ground."""

    kind: str
    subject_iin: str
    subject_bin: str = ""
    mandate_id: uuid.UUID | None = None
    role: str = ""  # the role a company certificate gives its holder

    @property
    def for_someone_else(self) -> bool:
        return self.kind != SELF

    @property
    def under_mandate(self) -> bool:
        """The actor stands in the principal's shoes: the principal is the applicant."""
        return self.kind in MANDATE_GROUNDS


@dataclass(frozen=True)
class Represented:
    """Someone the actor may act for: themself, a minor child, a principal, a company."""

    ground: str
    iin: str = ""
    bin: str = ""
    name: Text = field(default_factory=dict)
    services: tuple[str, ...] = ()  # the services a mandate names; empty: all
    until: datetime.date | None = None
    mandate_id: uuid.UUID | None = None

    @property
    def identifier(self) -> str:
        """What a channel passes as ``on_behalf_of``: the BIN of a company, else the IIN."""
        return self.bin or self.iin

    @property
    def is_company(self) -> bool:
        return bool(self.bin)

    def covers(self, slugs: list[str]) -> bool:
        return not self.services or set(slugs) <= set(self.services)
