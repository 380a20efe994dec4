"""An IIN of another person typed into a form is accepted only when the service's rules tie
that person to the applicant; anyone else's is refused with one answer that does not tell
whether the person exists or is alive."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from qyzmet.accounts.services import create_api_token
from qyzmet.applications.models import Application
from qyzmet.applications.preparing import application_problems
from qyzmet.applications.services import start_application, submit_application
from qyzmet.core.errors import Invalid
from qyzmet.core.messages import render
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.events import register_death
from qyzmet.registries.fields import age_on, find_person
from qyzmet.registries.models import Person, Vehicle
from tests.factories import CitizenFactory, iin_of_nobody

pytestmark = pytest.mark.django_db

REFUSAL = (
    "We cannot accept this IIN for this application: it must be your own IIN or the IIN of "
    "your child under 18."
)


def _polyclinic(patient_iin: str) -> dict:
    return {"polyclinic-attachment": {"patient_iin": patient_iin, "reason": "moved",
                                      "medical_organisation": "City Polyclinic No. 5"}}  # fmt: skip


def _family_of(person: Person) -> set[int]:
    ids = {person.pk, person.spouse_id, person.mother_id, person.father_id}
    ids |= set(Person.objects.filter(mother=person).values_list("pk", flat=True))
    ids |= set(Person.objects.filter(father=person).values_list("pk", flat=True))
    return {i for i in ids if i}


def _unrelated_adults(parent: Person, count: int) -> list[Person]:
    today = timezone.localdate()
    people = Person.objects.exclude(pk__in=_family_of(parent)).filter(death_date__isnull=True)
    adults = [p for p in people.order_by("id")[:200] if age_on(p, today) >= 18]
    return [p for p in adults if p.mother_id != parent.mother_id or not p.mother_id][:count]


@pytest.fixture
def parent(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


def _refusal(citizen, patient_iin: str) -> tuple[list[tuple[str, str, str]], list]:
    """What submission says about ``patient_iin``, and the registry reads it made."""
    before = set(DataAccess.objects.values_list("pk", flat=True))
    with pytest.raises(Invalid) as refused:
        submit_application(citizen=citizen, channel="api", service="polyclinic-attachment",
                           data=_polyclinic(patient_iin))  # fmt: skip
    problems = [(p.field, p.code, render(p.code, p.params)) for p in refused.value.problems]
    reads = DataAccess.objects.exclude(pk__in=before).order_by("pk")
    return problems, [(r.subject, r.fields, r.client_system, r.outcome) for r in reads]


def test_an_unrelated_adults_iin_is_refused_with_one_message(parent):
    stranger = _unrelated_adults(find_person(parent.iin), 1)[0]
    problems, _ = _refusal(parent, stranger.iin)
    assert problems == [("data.polyclinic-attachment.patient_iin", "iin.not_accepted", REFUSAL)]
    assert not Application.objects.filter(citizen=parent).exists()


def test_no_one_nor_a_dead_stranger_nor_a_living_one_can_be_told_apart(parent):
    living, dead = _unrelated_adults(find_person(parent.iin), 2)
    register_death(iin=dead.iin, channel="test")
    answers = [_refusal(parent, iin) for iin in (iin_of_nobody(), dead.iin, living.iin)]
    assert answers[0] == answers[1] == answers[2]  # the same message and the same reads
    problems, reads = answers[0]
    assert [code for _, code, _ in problems] == ["iin.not_accepted"]
    assert reads  # the applicant's family links, read through the exchange and recorded
    assert all(fields == ["population.person.relatives"] for _, fields, _, _ in reads[-1:])


def test_the_applicants_minor_child_and_the_applicant_are_accepted(parent):
    person = find_person(parent.iin)
    column = "father" if person.sex == "M" else "mother"
    child = next(
        c for c in Person.objects.filter(**{column: person})
        if age_on(c, timezone.localdate()) < 18
    )  # fmt: skip
    for patient in (child.iin, parent.iin):
        application = submit_application(
            citizen=parent, channel="api", service="polyclinic-attachment",
            data=_polyclinic(patient),
        )  # fmt: skip
        assert application.cases.get().data["patient_iin"] == patient


def test_the_api_answers_422_with_the_same_message_and_the_portal_keeps_what_was_typed(
    client, parent
):
    stranger = _unrelated_adults(find_person(parent.iin), 1)[0]
    token = create_api_token(user=parent)
    response = client.post(
        "/api/v1/applications",
        json.dumps({"service": "polyclinic-attachment", "submit": True,
                    "data": _polyclinic(stranger.iin)}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert errors["data.polyclinic-attachment.patient_iin"]["message"] == REFUSAL

    client.force_login(parent)
    started = client.post("/apply/", {"kind": "service", "slug": "polyclinic-attachment"})
    details = started["Location"].replace("/check/", "/details/")
    posted = {f"polyclinic-attachment__{k}": v for k, v in _polyclinic(stranger.iin)
              ["polyclinic-attachment"].items()}  # fmt: skip
    page = client.post(details, posted, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "We cannot accept this IIN for this application" in html
    assert f'value="{stranger.iin}"' in html and "City Polyclinic No. 5" in html


def test_a_vehicle_seller_must_be_its_registered_owner(parent):
    vehicle = Vehicle.objects.exclude(owner__iin=parent.iin).select_related("owner").first()
    someone_else = _unrelated_adults(find_person(parent.iin), 3)
    other = next(p for p in someone_else if p.pk != vehicle.owner_id)
    form = {"vin": vehicle.vin, "purchase_date": timezone.localdate().isoformat()}
    wrong = {"vehicle-registration": {**form, "seller_iin": other.iin}}
    with pytest.raises(Invalid) as refused:
        submit_application(
            citizen=parent, channel="api", service="vehicle-registration", data=wrong
        )
    assert [p.code for p in refused.value.problems] == ["iin.not_accepted"]
    draft = start_application(
        citizen=parent, channel="api", service="vehicle-registration",
        data={"vehicle-registration": {**form, "seller_iin": vehicle.owner.iin}},
    )  # fmt: skip
    assert application_problems(draft) == []  # (submitting it needs the buyer's EDS signature)


def test_a_future_spouse_is_accepted_once_they_named_the_applicant_in_their_own_application(
    parent,
):
    partner = _unrelated_adults(find_person(parent.iin), 1)[0]
    wedding = timezone.localdate() + datetime.timedelta(days=60)
    form = {"registry_office": "Palace", "desired_date": wedding.isoformat(), "ceremony": "simple",
            "surname_after_marriage": "keep", "no_impediments": True,
            "partner_consent": True}  # fmt: skip
    data = {"marriage-registration": {**form, "partner_iin": partner.iin}}
    with pytest.raises(Invalid) as refused:
        submit_application(citizen=parent, channel="api", service="marriage-registration",
                           data=data)  # fmt: skip
    assert [p.code for p in refused.value.problems] == ["iin.not_accepted"]
    start_application(
        citizen=CitizenFactory(iin=partner.iin),
        channel="portal",
        service="marriage-registration",
        data={"marriage-registration": {"partner_iin": parent.iin}},
    )
    application = submit_application(
        citizen=parent, channel="api", service="marriage-registration", data=data
    )
    assert application.cases.count() == 1


def test_the_messenger_asks_again_for_an_iin_it_cannot_accept(parent):
    from qyzmet.messenger.fields import next_field

    stranger = _unrelated_adults(find_person(parent.iin), 1)[0]
    draft = start_application(
        citizen=parent, channel="messenger", service="polyclinic-attachment",
        data=_polyclinic(stranger.iin),
    )  # fmt: skip
    field = next_field(draft)
    assert (field.name, field.problem.code) == ("patient_iin", "iin.not_accepted")
    assert render(field.problem.code, field.problem.params) == REFUSAL
