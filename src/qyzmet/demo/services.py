"""Preparing the demo: catalogue, synthetic registries, accounts, and applications in every
state, all made through the same domain functions as real ones."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from qyzmet.accounts.models import citizen_username
from qyzmet.accounts.officers import allow_reversals, enroll_totp
from qyzmet.accounts.services import create_api_token
from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.models import PENDING_CASE_STATUSES, Application, Case, CaseStatus
from qyzmet.applications.reversals import may_reverse
from qyzmet.applications.services import start_application, submit_application
from qyzmet.appointments.selectors import centres_serving
from qyzmet.appointments.services import book_visit
from qyzmet.appointments.slots import days_of_slots
from qyzmet.casework.appeals import file_appeal
from qyzmet.casework.roles import grant_role
from qyzmet.casework.stages import decide_at_stage
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.models import Agency, Service
from qyzmet.catalog.reasons import ReasonTemplate, load_reason_templates
from qyzmet.catalog.selectors import service_version
from qyzmet.catalog.services import CatalogRefused, load_catalog
from qyzmet.catalog.validation import validate_catalog
from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.texts import Text
from qyzmet.demo.sample_documents import sample_documents
from qyzmet.demo.sample_forms import sample_values
from qyzmet.offers.making import make_offers
from qyzmet.offers.models import Offer
from qyzmet.quality.services import rate_case
from qyzmet.registries.events import register_birth
from qyzmet.registries.fields import active_businesses, find_person
from qyzmet.registries.generator import generate_registries
from qyzmet.registries.models import Person, RegistryEvent
from qyzmet.registries.selectors import find_demo_people

Progress = Callable[[str, int, int], None]
DEMO_PASSWORD = "qyzmet-demo"
CHANNEL = "demo"


@dataclass
class DemoLogins:
    citizens: dict[str, str] = field(default_factory=dict)  # role -> IIN
    officers: dict[str, str] = field(default_factory=dict)  # agency -> user name (supervisor)
    clerks: dict[str, str] = field(default_factory=dict)  # agency with stages -> a reviewer
    appeals: dict[str, str] = field(default_factory=dict)  # agency -> who decides its appeals
    operator: str = "operator"
    password: str = DEMO_PASSWORD
    tokens: dict[str, str] = field(default_factory=dict)  # user name -> API token
    newborn: dict[str, str] = field(default_factory=dict)  # mother, father, child -> IIN


def load_demo_catalog(catalog_dir: Path, progress: Progress | None = None) -> None:
    catalog = read_catalog([catalog_dir])
    problems = validate_catalog(catalog)
    if problems:
        raise CatalogRefused(problems)
    load_catalog(catalog=catalog, channel=CHANNEL, progress=progress)
    load_reason_templates(channel=CHANNEL)


def _user(username: str, **fields: Any) -> Any:
    user, created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def create_accounts() -> DemoLogins:
    logins = DemoLogins()
    operator = _user(logins.operator, is_staff=True, is_superuser=True, first_name="Operator")
    enroll_totp(officer=operator, channel=CHANNEL, keep_existing=True)  # the admin asks for it
    for agency in Agency.objects.all():
        username = f"officer-{agency.slug}"
        officer = _user(username, agency=agency, first_name="Officer")
        enroll_totp(officer=officer, channel=CHANNEL, keep_existing=True)
        if not may_reverse(officer):  # each demo officer is their agency's supervisor too
            allow_reversals(officer=officer, channel=CHANNEL)
        grant_role(officer=officer, role="supervisor")  # signs off what a clerk prepared
        grant_role(officer=officer, role="appeals")  # and decides its agency's appeals...
        logins.officers[agency.slug] = username
        judge = _user(f"appeals-{agency.slug}", agency=agency, first_name="Appeals")
        enroll_totp(officer=judge, channel=CHANNEL, keep_existing=True)
        grant_role(officer=judge, role="appeals")  # ...but not those of its own decisions
        logins.appeals[agency.slug] = judge.username
        if any(s.current and s.current.stages for s in agency.services.select_related("current")):
            clerk = _user(f"clerk-{agency.slug}", agency=agency, first_name="Clerk")
            enroll_totp(officer=clerk, channel=CHANNEL, keep_existing=True)
            logins.clerks[agency.slug] = clerk.username  # reviews only: four eyes need two
    for role, iin in find_demo_people().items():
        person = find_person(iin)
        assert person is not None
        _user(
            citizen_username(iin), iin=iin, first_name=person.first_name_ru,
            last_name=person.last_name_ru,
        )  # fmt: skip
        logins.citizens[role] = iin
    return logins


def _apply(citizen: Any, service: str, *, submit: bool = True, key: str | None = None) -> Any:
    version = service_version(service)
    subject = find_person(citizen.iin)
    if version is None or subject is None:
        return None
    data = {service: sample_values(version, subject)}
    on_behalf_of = None
    if version.applicant == "company":  # in the name of a company the citizen heads, if any
        companies = active_businesses(subject)
        if not companies:
            return None
        on_behalf_of = companies[0].bin
    request = {"citizen": citizen, "channel": "portal", "service": service, "data": data,
               "on_behalf_of": on_behalf_of}  # fmt: skip
    if not submit:
        return start_application(**request)
    try:
        documents = sample_documents(citizen=citizen, version=version, channel="portal")
        return submit_application(**request, idempotency_key=key, documents=documents)
    except Invalid:  # e.g. no relative the form may name, or a spouse-to-be's consent
        return start_application(**request)


def _officer(case: Case) -> Any:
    return get_user_model().objects.get(username=f"officer-{case.agency.slug}")


def _reviewer(case: Case) -> Any:
    """Who reviews ``case``: a clerk where its service has stages (the officer signs off)."""
    if case.service.stages:
        return get_user_model().objects.get(username=f"clerk-{case.agency.slug}")
    return _officer(case)


def _pending(application: Application | None) -> list[Case]:
    if application is None:
        return []
    return list(application.cases.filter(status=CaseStatus.SUBMITTED).select_related("agency"))


def create_sample_applications(logins: DemoLogins) -> int:
    """Applications in every state: draft, submitted, in review, approved, rejected."""
    users = get_user_model().objects
    parent = users.get(iin=logins.citizens["parent"])
    pensioner = users.get(iin=logins.citizens["pensioner"])
    young = users.get(iin=logins.citizens["young_adult"])
    entrepreneur = users.get(iin=logins.citizens["entrepreneur"])
    moving = submit_application(
        citizen=parent, channel="portal", life_situation="moving",
        answers=_moving_answers(), data=_moving_data(parent), idempotency_key="demo-moving",
    )  # fmt: skip
    for case in _pending(moving)[:1]:
        assign_case(case=case, officer=_officer(case), channel=CHANNEL)
    _apply(pensioner, "pension-assignment", submit=False)
    for case in _pending(_apply(pensioner, "id-card", key="demo-id-card")):
        decide_case(case=case, officer=_officer(case), approve=True, channel=CHANNEL)
    for case in _pending(_apply(young, "passport", key="demo-passport")):
        decide_case(
            case=case, officer=_officer(case), approve=False, channel=CHANNEL,
            template=_reason(case, "passport-photo"),
            reason="На фотографии заявитель в тёмных очках.",  # an officer's own words, in Russian
        )  # fmt: skip
    _apply(young, "criminal-record-certificate", key="demo-criminal-record")
    _apply(entrepreneur, "business-start-notification", key="demo-business-start")
    _apply(entrepreneur, "driving-licence-replacement", key="demo-licence")
    _apply(entrepreneur, "llp-address-change", key="demo-company-address")  # in its name
    _create_pensions(skip=set(logins.citizens.values()))
    _create_consultation(parent)
    _create_consultation(pensioner, prepare=False)  # at review: for a clerk to prepare
    crowd = _create_crowd(skip=set(logins.citizens.values()))
    _create_journeys(crowd[:8])
    _appeal_a_rejection(crowd)
    _book_visits()
    _rate_decided_cases()
    return Application.objects.count()


def _create_pensions(*, skip: set[str]) -> None:
    """Old-age pensions of people of pension age, decided in two stages: one the clerk
    prepared, waiting for the supervisor's sign-off, and one still at review."""
    elders = (
        Person.objects.filter(death_date__isnull=True, birth_date__lt=datetime.date(1955, 1, 1))
        .exclude(iin__in=skip)
        .order_by("id")[:2]
    )
    for index, person in enumerate(elders):
        citizen = _user(citizen_username(person.iin), iin=person.iin,
                        first_name=person.first_name_ru, last_name=person.last_name_ru)  # fmt: skip
        for case in _pending(_apply(citizen, "pension-assignment", key=f"demo-pension-{index}")):
            if index == 0:
                decide_at_stage(case=case, officer=_reviewer(case), approve=True, channel=CHANNEL)


def _create_consultation(citizen: Any, *, prepare: bool = True) -> None:
    """A funeral payment the labour clerk prepared, waiting for the civil registry (justice) to
    confirm the kinship: ``officer-justice`` finds it under Consultations (or one at review)."""
    key = f"demo-funeral-{citizen.pk}"
    for case in _pending(_apply(citizen, "funeral-benefit", key=key)):
        if prepare:
            decide_at_stage(case=case, officer=_reviewer(case), approve=True, channel=CHANNEL)


def _reason(case: Any, slug: str) -> Text:
    """A catalogue reason template of the case's agency, in kk/ru/en."""
    return ReasonTemplate.objects.get(agency_id=case.agency_id, slug=slug).text


def _create_journeys(citizens: list[Any]) -> None:
    """Whole life situations decided by every agency involved, for the journey figures."""
    answers = {"has_preschool_children": False, "has_school_age_children": False,
               "change_polyclinic": True}  # fmt: skip
    slugs = ("residence-registration", "address-certificate", "polyclinic-attachment")
    for index, citizen in enumerate(citizens):
        subject = find_person(citizen.iin)
        data = {slug: sample_values(service_version(slug), subject) for slug in slugs}  # type: ignore[arg-type]
        application = submit_application(
            citizen=citizen, channel="portal", life_situation="moving", answers=answers,
            data=data, idempotency_key=f"demo-journey-{index}",
        )  # fmt: skip
        for case in _pending(application):
            decide_case(case=case, officer=_officer(case), approve=True, channel=CHANNEL)


def _book_visits() -> int:
    """The crowd's ID-card applications still waiting book their photo visit in the next free
    slots of the centres, so the centres' lists of the day are not empty."""
    waiting = (
        Case.objects.filter(service__service__slug="id-card", status__in=PENDING_CASE_STATUSES)
        .exclude(visits__isnull=False)
        .select_related("application__citizen", "service")
    )
    slots = (
        (centre, slot)
        for centre in centres_serving("id-card")
        for day in days_of_slots(centre=centre, service="id-card")[:2]
        for slot in day.free[::3]
    )
    booked = 0
    for case, (centre, slot) in zip(waiting, slots, strict=False):
        try:
            book_visit(case=case, centre=centre, starts_at=slot.starts_at,
                       actor=case.application.citizen, channel="portal")  # fmt: skip
        except DomainError:
            continue  # the person has a visit for the service within its days
        booked += 1
    return booked


def _rate_decided_cases() -> None:
    comments = ["", "Быстро и понятно.", "Бәрі жақсы, рахмет!", "Took longer than promised."]
    decided = Case.objects.filter(status__in=[CaseStatus.APPROVED, CaseStatus.REJECTED])
    for index, case in enumerate(decided.select_related("application__citizen")[:40]):
        score = 5 - (index % 5 == 4) - (index % 7 == 6) * 2 if case.status == "approved" else 2
        rate_case(
            citizen=case.application.citizen, case=case, score=score,
            comment=comments[index % len(comments)], channel="portal",
        )  # fmt: skip


def _create_crowd(*, skip: set[str], size: int = 48) -> list[Any]:
    """More citizens applying for every service, so queues and figures are not empty."""
    slugs = list(Service.objects.filter(current__isnull=False).values_list("slug", flat=True))
    adults = (
        Person.objects.filter(death_date__isnull=True, birth_date__lt=datetime.date(2000, 1, 1))
        .exclude(iin__in=skip)
        .order_by("id")[:size]
    )
    citizens = []
    for index, person in enumerate(adults):
        citizen = _user(citizen_username(person.iin), iin=person.iin,
                        first_name=person.first_name_ru, last_name=person.last_name_ru)  # fmt: skip
        application = _apply(citizen, slugs[index % len(slugs)], submit=index % 6 != 5,
                             key=f"demo-crowd-{index}")  # fmt: skip
        for case in _pending(application):
            if index % 4 == 1:
                assign_case(case=case, officer=_officer(case), channel=CHANNEL)
            elif index % 4 == 2:  # a service with stages: the clerk's, waiting for sign-off
                decide_at_stage(case=case, officer=_reviewer(case), approve=True, channel=CHANNEL)
            elif index % 8 == 3:
                decide_at_stage(
                    case=case, officer=_reviewer(case), approve=False, channel=CHANNEL,
                    template=_reason(case, "documents-unreadable"),
                )  # fmt: skip
        citizens.append(citizen)
    return citizens


def _appeal_a_rejection(crowd: list[Any]) -> None:
    """One rejected citizen of the crowd appeals, so the appeals queue has one to decide."""
    for citizen in crowd:
        case = Case.objects.filter(
            application__citizen=citizen, status=CaseStatus.REJECTED, appeals__isnull=True
        ).first()
        if case is not None:
            reasons = "Все документы были разборчивы, прошу пересмотреть решение."
            file_appeal(case=case, citizen=citizen, reasons=reasons, channel="portal")
            return


def _moving_answers() -> dict[str, Any]:
    return {"has_preschool_children": True, "has_school_age_children": True,
            "change_polyclinic": True}  # fmt: skip


def _moving_data(citizen: Any) -> dict[str, Any]:
    subject = find_person(citizen.iin)
    data = {}
    for slug in ("residence-registration", "address-certificate", "polyclinic-attachment",
                 "kindergarten-queue", "first-grade-enrolment"):  # fmt: skip
        version = service_version(slug)
        if version is not None and subject is not None:
            data[slug] = sample_values(version, subject)
    return data


def create_demo_offers(logins: DemoLogins) -> list[Offer]:
    """A daughter born today to the demo parent and his wife: the birth event and its offers
    (made at once, as the worker would), waiting for both parents."""
    father = find_person(logins.citizens.get("parent", ""))
    mother = father.spouse if father is not None else None
    if father is None or mother is None or mother.death_date is not None:
        return []
    event = register_birth(
        mother_iin=mother.iin, father_iin=father.iin, first_name="Айсұлу", channel=CHANNEL
    )
    return make_offers(event_id=event.pk)


def demo_newborn() -> dict[str, str]:
    """The mother, father and child of the demo's birth (empty when there is none)."""
    event = RegistryEvent.objects.filter(kind=RegistryEvent.Kind.BIRTH, channel=CHANNEL).first()
    if event is None:
        return {}
    details = event.details
    return {
        "mother": details.get("mother_iin") or "",
        "father": details.get("father_iin") or "",
        "child": event.subject_iin,
    }


def prepare_demo(
    *, catalog_dir: Path, people: int, seed: int, reset: bool, progress: Progress | None = None
) -> DemoLogins:
    """Everything the demo shows on first start. Kept when it is there already, unless
    ``reset``: then registries and applications are made anew."""
    load_demo_catalog(catalog_dir, progress)
    fresh = reset or not Person.objects.exists()
    if fresh:
        with transaction.atomic():
            Offer.objects.all().delete()
            RegistryEvent.objects.all().delete()
            Application.objects.all().delete()
        generate_registries(people=people, seed=seed, progress=progress)
    logins = create_accounts()
    if fresh or not Application.objects.exists():
        create_sample_applications(logins)
    if not Offer.objects.exists():
        create_demo_offers(logins)
    logins.newborn = demo_newborn()
    users = get_user_model().objects
    holders = {  # by IIN; never an officer's, which would skip their second factor
        logins.citizens.get("parent", ""): users.filter(iin=logins.citizens.get("parent")),
    }
    for label, found in holders.items():
        user = found.first() if label else None
        if user is not None:
            logins.tokens[label] = create_api_token(user=user, label="demo", channel=CHANNEL)
    return logins
