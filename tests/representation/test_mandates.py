"""A citizen gives another person a mandate; once accepted, that person applies in the
citizen's name for the services it names, until it expires or either of them ends it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.services import start_application, submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.core.identifiers import make_iin, parse_iin
from qyzmet.core.messages import render
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.demo.sample_forms import sample_values
from qyzmet.exchange.models import DataAccess
from qyzmet.formats import date_text
from qyzmet.notifications.models import Notification
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Person
from qyzmet.representation.mandates import (
    accept_mandate,
    decline_mandate,
    end_mandate,
    grant_mandate,
)
from qyzmet.representation.models import Mandate, MandateStatus
from tests.factories import CitizenFactory
from tests.representation.conftest import OTHER_SERVICE, SERVICE, days_pass, later

pytestmark = pytest.mark.django_db


def give(principal, representative_iin, services=(SERVICE,), days=90):
    return grant_mandate(
        principal=principal, representative_iin=representative_iin, services=list(services),
        until=later(days), channel="portal",
    )  # fmt: skip


def apply_for(representative, principal, slug=SERVICE):
    """Submit ``slug`` in one call, as the representative, in the principal's name."""
    values = sample_values(service_version(slug), find_person(principal.iin))
    return submit_application(
        citizen=representative, channel="portal", service=slug, on_behalf_of=principal.iin,
        data={slug: values},
    )  # fmt: skip


def why(refused: pytest.ExceptionInfo) -> str:
    return render(refused.value.code, refused.value.params, "en")


def test_an_accepted_mandate_lets_the_representative_apply_in_the_principals_name(
    principal, representative
):
    mandate = give(principal, representative.iin)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")

    application = apply_for(representative, principal)

    assert application.citizen == representative  # who acted
    assert application.subject_iin == principal.iin  # in whose name
    assert application.ground == "granted" and application.mandate == mandate
    assert application.status == ApplicationStatus.APPROVED
    submitted = AuditRecord.objects.get(action="application.submitted", object_id=application.pk)
    assert submitted.actor == representative
    assert submitted.details["subject"] == subject_digest(principal.iin)
    assert submitted.details["mandate"] == str(mandate.pk)


def test_a_representative_is_confirmed_by_the_population_registry_on_their_own(
    principal, representative
):
    """The extract reads the principal, so it cannot vouch for the representative (decision
    76): the registry is asked about them under the basis ``application-subject``."""
    mandate = give(principal, representative.iin)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")

    apply_for(representative, principal)

    confirmations = DataAccess.objects.filter(purpose_ref="application-subject")
    assert [(a.subject, a.fields) for a in confirmations] == [
        (subject_digest(representative.iin), ["population.person.iin"])
    ]


def test_a_mandate_is_not_usable_before_it_is_accepted(principal, representative):
    give(principal, representative.iin)

    with pytest.raises(Forbidden) as refused:
        apply_for(representative, principal)

    assert refused.value.code == "representation.not_allowed"
    assert "you have not accepted their mandate yet" in why(refused)
    assert not Application.objects.filter(citizen=representative).exists()


def test_a_representative_is_refused_outside_the_mandates_services(principal, representative):
    mandate = give(principal, representative.iin, services=[SERVICE])
    accept_mandate(mandate=mandate, representative=representative, channel="portal")

    with pytest.raises(Forbidden) as refused:
        apply_for(representative, principal, slug=OTHER_SERVICE)

    assert why(refused) == (
        "You cannot apply for this person or company: their mandate does not cover this service."
    )


def test_a_mandate_for_all_services_covers_any_service_a_person_applies_for(
    principal, representative
):
    mandate = give(principal, representative.iin, services=[])
    accept_mandate(mandate=mandate, representative=representative, channel="portal")

    application = apply_for(representative, principal, slug=OTHER_SERVICE)

    assert application.mandate == mandate


def test_an_expired_mandate_is_refused(principal, representative):
    mandate = give(principal, representative.iin, days=10)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    days_pass(11)

    with pytest.raises(Forbidden) as refused:
        apply_for(representative, principal)

    assert f"their mandate expired on {later(-1):%-d %B %Y}" in why(refused)  # 5 December 2026


def test_the_last_day_is_still_in_force(principal, representative):
    mandate = give(principal, representative.iin, days=10)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    days_pass(10)

    assert apply_for(representative, principal).mandate == mandate


@pytest.mark.parametrize("who", ["principal", "representative"])
def test_either_of_them_can_end_it_and_nothing_is_applied_for_under_it_afterwards(
    principal, representative, who
):
    mandate = give(principal, representative.iin)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    person = principal if who == "principal" else representative
    end_mandate(mandate=mandate, person=person, channel="portal")

    with pytest.raises(Forbidden) as refused:
        apply_for(representative, principal)

    assert "their mandate was ended" in why(refused)
    mandate.refresh_from_db()
    assert (mandate.status, mandate.ended_by) == (MandateStatus.ENDED, who)
    other = representative if who == "principal" else principal
    assert Notification.objects.filter(recipient=other, kind="mandate.ended").exists()


def test_a_draft_started_under_a_mandate_cannot_be_submitted_after_it_ended(
    principal, representative
):
    mandate = give(principal, representative.iin)
    accept_mandate(mandate=mandate, representative=representative, channel="portal")
    values = sample_values(service_version(SERVICE), find_person(principal.iin))
    draft = start_application(
        citizen=representative, channel="portal", service=SERVICE, on_behalf_of=principal.iin,
        data={SERVICE: values},
    )  # fmt: skip
    end_mandate(mandate=mandate, person=principal, channel="portal")

    with pytest.raises(Forbidden):
        submit_application(citizen=representative, channel="portal", application=draft)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT  # kept, as typed


def test_a_declined_mandate_cannot_be_accepted_or_used(principal, representative):
    mandate = give(principal, representative.iin)
    decline_mandate(mandate=mandate, representative=representative, channel="portal")

    with pytest.raises(Conflict):
        accept_mandate(mandate=mandate, representative=representative, channel="portal")
    with pytest.raises(Forbidden):
        apply_for(representative, principal)
    assert Notification.objects.filter(recipient=principal, kind="mandate.answered").exists()


def test_only_the_person_named_can_accept_it(principal, representative, stranger_iin):
    mandate = give(principal, representative.iin)
    someone_else = CitizenFactory(iin=stranger_iin)

    with pytest.raises(NotFound):
        accept_mandate(mandate=mandate, representative=someone_else, channel="portal")
    with pytest.raises(NotFound):
        end_mandate(mandate=mandate, person=someone_else, channel="portal")


def test_the_representative_is_told_and_both_people_are_in_the_audit_record(
    principal, representative
):
    mandate = give(principal, representative.iin)

    offered = Notification.objects.get(recipient=representative, kind="mandate.offered")
    assert date_text(later(90))["ru"] in offered.body  # until when, in their language
    assert find_person(principal.iin).last_name_ru in offered.subject  # from whom
    granted = AuditRecord.objects.get(action="mandate.granted", object_id=mandate.pk)
    assert granted.actor == principal
    assert granted.details["principal"] == subject_digest(principal.iin)
    assert granted.details["representative"] == subject_digest(representative.iin)


def test_giving_a_mandate_answers_the_same_whoever_the_iin_belongs_to(principal, stranger_iin):
    # A living stranger without an account, and an IIN nobody has (a valid check digit, but
    # an unused serial): the same mandate, offered, the same work, nobody told.
    known = parse_iin(stranger_iin)
    nobody = next(
        iin
        for serial in range(9000, 9999)
        if (iin := make_iin(known.birth_date, known.sex, serial)) and find_person(iin) is None
    )
    before = Notification.objects.count()
    answers = [give(principal, iin) for iin in (stranger_iin, nobody)]

    assert [(m.status, m.kind) for m in answers] == [("offered", "granted")] * 2
    assert Notification.objects.count() == before  # nobody with an account to tell
    reads = DataAccess.objects.filter(client_system="representation").order_by("pk")
    asked = [(a.registry, a.outcome, a.purpose_ref) for a in reads]
    assert asked == [("population", "granted", "representation-mandates")] * 4


def test_giving_a_mandate_does_the_same_work_for_a_stranger_and_for_nobody(principal, stranger_iin):
    known = parse_iin(stranger_iin)
    nobody = next(
        iin
        for serial in range(9000, 9999)
        if (iin := make_iin(known.birth_date, known.sex, serial)) and find_person(iin) is None
    )
    give(principal, stranger_iin, days=30)  # the keys and the catalogue are read once, first
    counted = []
    for iin in (stranger_iin, nobody):
        Mandate.objects.filter(representative_iin=iin).delete()
        with CaptureQueriesContext(connection) as queries:
            give(principal, iin)
        counted.append(len(queries))

    assert counted[0] == counted[1]


@pytest.mark.parametrize(
    ("typed", "field", "code"),
    [
        ("12345", "representative_iin", "iin.not_12_digits"),
        ("own", "representative_iin", "mandate.same_person"),
        ("child", "representative_iin", "mandate.representative_minor"),
    ],
)
def test_a_mandate_is_given_to_another_adult(principal, typed, field, code):
    iin = {
        "own": principal.iin,
        "child": Person.objects.filter(birth_date__gt=later(-365 * 10)).first().iin,
    }.get(typed, typed)
    with pytest.raises(Invalid) as refused:
        give(principal, iin)

    assert [(p.field, p.code) for p in refused.value.problems] == [(field, code)]


def test_a_mandate_lasts_at_most_three_years_and_names_known_services(principal, representative):
    with pytest.raises(Invalid) as refused:
        give(principal, representative.iin, services=["no-such-service"], days=365 * 4)

    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("services", "mandate.unknown_services"),
        ("until", "mandate.until_too_far"),
    ]


def test_a_second_mandate_to_the_same_person_waits_for_the_first_to_end(principal, representative):
    first = give(principal, representative.iin)
    with pytest.raises(Conflict):
        give(principal, representative.iin)
    end_mandate(mandate=first, person=principal, channel="portal")

    assert give(principal, representative.iin).status == MandateStatus.OFFERED
    assert Mandate.objects.count() == 2
