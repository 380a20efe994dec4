"""An officer of the agency that records mandates records a notarised power of attorney or a
guardianship from its paper: in force at once, both people told, used like any mandate."""

from __future__ import annotations

import pytest

from qyzmet.applications.services import submit_application
from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.models import Agency
from qyzmet.catalog.selectors import service_version
from qyzmet.core.errors import Forbidden, Invalid, NotFound
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.demo.sample_forms import sample_values
from qyzmet.notifications.models import Notification
from qyzmet.registries.fields import find_person
from qyzmet.registries.models import Person
from qyzmet.representation.mandates import end_mandate
from qyzmet.representation.models import Mandate
from qyzmet.representation.records import record_mandate
from qyzmet.representation.selectors import mandate_of
from tests.backoffice.conftest import officer_with_second_factor, sign_in_as
from tests.factories import CitizenFactory, OfficerFactory
from tests.representation.conftest import SERVICE, later

pytestmark = pytest.mark.django_db


def record(officer, principal_iin, representative_iin, *, kind="guardianship", **more):
    return record_mandate(
        officer=officer, kind=kind, principal_iin=principal_iin,
        representative_iin=representative_iin, services=more.pop("services", []),
        until=more.pop("until", later(365 * 5)),
        document_reference=more.pop("document_reference", "Court decision 2-1234/2026"),
        channel="backoffice",
    )  # fmt: skip


def test_a_guardianship_recorded_by_an_officer_is_in_force_at_once_and_used(
    recorder, principal, representative
):
    guardianship = record(recorder, principal.iin, representative.iin)

    values = sample_values(service_version(SERVICE), find_person(principal.iin))
    application = submit_application(
        citizen=representative, channel="portal", service=SERVICE, on_behalf_of=principal.iin,
        data={SERVICE: values},
    )  # fmt: skip

    assert guardianship.status == "active" and guardianship.accepted_at is not None
    assert (application.ground, application.mandate) == ("guardianship", guardianship)
    recorded = AuditRecord.objects.get(action="mandate.recorded", object_id=guardianship.pk)
    assert recorded.actor == recorder
    assert recorded.details["principal"] == subject_digest(principal.iin)
    assert recorded.details["representative"] == subject_digest(representative.iin)
    told = Notification.objects.filter(kind="mandate.recorded", channel="inbox")
    assert {n.recipient for n in told} == {principal, representative}


def test_a_recorded_mandate_carries_the_names_the_registry_has(recorder, people):
    notarised = record(
        recorder, people[0], people[1], kind="notarised", services=[SERVICE], until=later(300)
    )

    assert notarised.principal_name["ru"].startswith(find_person(people[0]).last_name_ru)
    assert notarised.representative_name["ru"].startswith(find_person(people[1]).last_name_ru)


def test_an_officer_of_another_agency_cannot_record_one(principal, representative):
    officer = OfficerFactory(agency=Agency.objects.get(slug="internal-affairs"))

    with pytest.raises(Forbidden):
        record(officer, principal.iin, representative.iin)
    assert not Mandate.objects.exists()


def test_the_registry_must_know_both_people_living(recorder, principal):
    dead = Person.objects.filter(death_date__isnull=False).order_by("id").first()

    with pytest.raises(Invalid) as refused:
        record(recorder, principal.iin, dead.iin)

    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("representative_iin", "mandate.person_not_found")
    ]


def test_a_notarised_mandate_lasts_at_most_three_years_and_needs_its_reference(
    recorder, principal, representative
):
    with pytest.raises(Invalid) as refused:
        record(
            recorder, principal.iin, representative.iin, kind="notarised",
            until=later(365 * 4), document_reference="  ",
        )  # fmt: skip

    assert {p.field for p in refused.value.problems} == {"until", "document_reference"}


def test_the_recording_agency_ends_a_guardianship_the_court_lifted(
    recorder, principal, representative
):
    guardianship = record(recorder, principal.iin, representative.iin)

    end_mandate(mandate=guardianship, person=recorder, channel="backoffice")

    guardianship.refresh_from_db()
    assert (guardianship.status, guardianship.ended_by) == ("ended", "officer")


def test_the_back_office_page_records_a_guardianship(client, people):
    officer = officer_with_second_factor("justice")
    sign_in_as(client, officer)

    page = client.get("/back-office/mandates/")
    response = client.post(
        "/back-office/mandates/",
        {
            "kind": "guardianship", "principal_iin": people[0], "representative_iin": people[1],
            "until": later(365 * 10).isoformat(), "document_reference": "Decision 77 of 01.02.2026",
        },
    )  # fmt: skip

    assert page.status_code == 200 and "Record" in page.content.decode()
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert (mandate.kind, mandate.principal_iin, mandate.services) == (
        "guardianship", people[0], [],
    )  # fmt: skip
    listed = client.get("/back-office/mandates/").content.decode()
    assert "Decision 77 of 01.02.2026" in listed


def test_the_back_office_form_shows_what_is_wrong(client, people):
    sign_in_as(client, officer_with_second_factor("justice"))

    response = client.post(
        "/back-office/mandates/",
        {"kind": "notarised", "principal_iin": people[0], "representative_iin": people[0],
         "until": later(30).isoformat(), "document_reference": "N-1"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "The principal and the representative must be two different people." in html


def test_an_officer_of_another_agency_does_not_see_the_page(client):
    sign_in_as(client, officer_with_second_factor("health"))

    assert client.get("/back-office/mandates/").status_code == 403


def test_a_citizen_without_the_right_sees_nothing_of_recorded_mandates(
    recorder, principal, representative, people
):
    guardianship = record(recorder, principal.iin, representative.iin)
    outsider = CitizenFactory(iin=people[2])

    with pytest.raises(NotFound):
        mandate_of(outsider, guardianship.pk)


def test_the_officer_deciding_the_case_sees_on_what_ground_it_was_made(
    client, recorder, principal, representative
):
    record(recorder, principal.iin, representative.iin, document_reference="Court 2-55/2026")
    values = sample_values(service_version(SERVICE), find_person(principal.iin))
    application = submit_application(
        citizen=representative, channel="portal", service=SERVICE, on_behalf_of=principal.iin,
        data={SERVICE: values},
    )  # fmt: skip
    case = application.cases.get()
    sign_in_as(client, officer_with_second_factor(case.agency.slug))

    html = client.get(f"/back-office/cases/{case.pk}/").content.decode()

    assert f"IIN {principal.iin}" in html  # whom it is for, beside who applied
    assert "Guardianship or care" in html and "Court 2-55/2026" in html
