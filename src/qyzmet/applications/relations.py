"""IINs of other people typed into a form: accepted only when the service's rules tie that
person to the applicant (``catalog.person_rules``), as the registries say through the exchange,
or when the person consents by naming the applicant in an application of their own.

Whatever the reason (no such person, a dead one, a living one not tied to the applicant, a
registry that knows nothing), the refusal is the same problem, ``iin.not_accepted``, after the
same reads: these are about the applicant and the things the form names, never about the
person typed, so neither the answer nor the work done tells whether that person exists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.submission import MAX_IDENTIFIER, purpose_of
from qyzmet.applications.validation import FieldProblem, form_problems
from qyzmet.catalog.models import ServiceVersion
from qyzmet.catalog.person_rules import OWNERS, RELATIVES, PersonRule, person_rules
from qyzmet.core.identifiers import is_valid_iin
from qyzmet.core.texts import Text
from qyzmet.exchange.client import request_registry_data
from qyzmet.exchange.messages import Client

SYSTEM = "relations"  # the system of the service's agency that reads the ties
NOT_ACCEPTED = "iin.not_accepted"
WHOM: dict[str, Text] = {
    "self": {"kk": "өз ЖСН-іңіз", "ru": "ваш собственный ИИН", "en": "your own IIN"},
    "child": {"kk": "балаңыздың ЖСН-і", "ru": "ИИН вашего ребёнка", "en": "your child's IIN"},
    "minor-child": {
        "kk": "18 жасқа толмаған балаңыздың ЖСН-і",
        "ru": "ИИН вашего ребёнка младше 18 лет",
        "en": "the IIN of your child under 18",
    },
    "spouse": {"kk": "жұбайыңыздың ЖСН-і", "ru": "ИИН вашего супруга", "en": "your spouse's IIN"},
    "parent": {
        "kk": "әкеңіздің немесе анаңыздың ЖСН-і",
        "ru": "ИИН вашего отца или матери",
        "en": "your father's or mother's IIN",
    },
    "sibling": {
        "kk": "бауырыңыздың ЖСН-і",
        "ru": "ИИН вашего брата или сестры",
        "en": "your brother's or sister's IIN",
    },
    "vehicle": {
        "kk": "көліктің тіркелген иесінің ЖСН-і",
        "ru": "ИИН зарегистрированного владельца транспортного средства",
        "en": "the IIN of the vehicle's registered owner",
    },
    "real_estate": {
        "kk": "мүліктің тіркелген меншік иесінің ЖСН-і",
        "ru": "ИИН зарегистрированного собственника недвижимости",
        "en": "the IIN of the property's registered owner",
    },
    "mutual": {
        "kk": "осы қызметке өз өтінішінде сізді көрсеткен адамның ЖСН-і",
        "ru": "ИИН человека, который указал вас в своём заявлении на эту услугу",
        "en": "the IIN of someone who named you in their own application for this service",
    },
}
OR: Text = {"kk": " немесе ", "ru": " или ", "en": " or "}


def whom(rule: PersonRule) -> Text:
    """Whose IIN the rule accepts, in words: the part of the message after "it must be"."""
    kinds = list(rule.relations)
    if rule.owner_of:
        kinds.append(rule.owner_of[0])
    if rule.consent:
        kinds.append(rule.consent)
    return {lang: OR[lang].join(WHOM[kind][lang] for kind in kinds) for lang in OR}


def _typed(value: Any, rule: PersonRule) -> list[str]:
    """The well-formed IINs of the field (others have their own problem already)."""
    items = value if rule.many and isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str) and is_valid_iin(item)]


class _Ties:
    """What the registries say about the applicant and the things the form names, each read
    once, through the exchange, as the service's agency for this application."""

    def __init__(self, application: Application, service: ServiceVersion, values: dict) -> None:
        self.application, self.service, self.values = application, service, values
        self._relatives: list[dict[str, Any]] | None = None
        self._owners: dict[tuple[str, str], str] = {}

    def _read(self, subject: str, field: str) -> Any:
        client = Client(agency=self.service.service.agency.slug, system=SYSTEM)
        purpose = purpose_of(self.application, self.service)
        read = request_registry_data(
            client=client, subject=subject, fields=[field], purpose=purpose
        )
        return read.get(field)

    def relatives(self, relations: tuple[str, ...]) -> set[str]:
        """The IINs of the applicant's relatives of these kinds."""
        if self._relatives is None:
            applicant = self.application.applicant_iin
            self._relatives = self._read(applicant, RELATIVES) or []
        wanted = set(relations)
        if "minor-child" in wanted:
            wanted.discard("minor-child")
            minors = {r["iin"] for r in self._relatives if r["relation"] == "child" and r["minor"]}
        else:
            minors = set()
        return minors | {r["iin"] for r in self._relatives if r["relation"] in wanted}

    def owner(self, thing: str, named: str) -> str:
        """The IIN of the registered owner of the ``thing`` the form's field ``named`` gives."""
        identifier = str(self.values.get(named) or "").strip()
        if not identifier or len(identifier) > MAX_IDENTIFIER:
            return ""
        if (thing, identifier) not in self._owners:
            owner = self._read(identifier, OWNERS[thing])
            self._owners[(thing, identifier)] = str(owner or "")
        return self._owners[(thing, identifier)]

    def consents(self, field: str, typed: str) -> bool:
        """Whether the person with IIN ``typed`` has an application of this service, not
        withdrawn, made in their name (by them, or by their representative under a mandate)
        that names the applicant in ``field``: one query, whoever was typed."""
        applicant, slug = self.application.applicant_iin, self.service.slug
        theirs = (
            Application.objects.filter(Q(citizen__iin=typed) | Q(subject_iin=typed))
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .select_related("citizen")
        )
        return any(
            slug in other.service_versions and (other.data.get(slug) or {}).get(field) == applicant
            for other in theirs
            if other.applicant_iin == typed != applicant
        )


def _accepted(rule: PersonRule, iin: str, *, own: set[str], ties: _Ties) -> bool:
    related = set(rule.relations) - {"self"}
    return (
        ("self" in rule.relations and iin in own)
        | bool(related and iin in ties.relatives(rule.relations))
        | bool(rule.owner_of and iin == ties.owner(*rule.owner_of))
        | bool(rule.consent and ties.consents(rule.field, iin))
    )  # every rule's reads are made, whichever holds: the same work for any IIN


def person_problems(
    *,
    application: Application,
    service: ServiceVersion,
    values: dict[str, Any],
    prefix: str,
    skip: frozenset[str] = frozenset(),
) -> list[FieldProblem]:
    """The IINs of other people in ``values`` (a form of ``service``) that its rules do not
    tie to the applicant: one ``iin.not_accepted`` each, whatever the reason. Fields in
    ``skip`` (wrong already) are not checked, nor a rule whose thing such a field names."""
    if not isinstance(values, dict):
        return []
    ties = _Ties(application, service, values)
    own = {application.applicant_iin, application.subject_iin} - {""}
    problems = []
    for rule in person_rules(service.form):
        if rule.field in skip or (rule.owner_of and rule.owner_of[1] in skip):
            continue
        typed = _typed(values.get(rule.field), rule)
        if typed and not all([_accepted(rule, iin, own=own, ties=ties) for iin in typed]):
            params = {"whom": whom(rule)}
            problems.append(FieldProblem(f"{prefix}.{rule.field}", NOT_ACCEPTED, params))
    return problems


def service_form_problems(
    *, application: Application, service: ServiceVersion, values: Any
) -> list[FieldProblem]:
    """Everything wrong with a form of ``service``: its schema; then, for the IIN fields the
    schema accepts, whether the service's rules tie each person named to the applicant."""
    prefix = f"data.{service.slug}"
    problems = form_problems(service.form, values, prefix=prefix)
    wrong = frozenset(p.field.removeprefix(f"{prefix}.").split(".")[0] for p in problems)
    return problems + person_problems(
        application=application, service=service, values=values, prefix=prefix, skip=wrong
    )
