"""The portal: giving, accepting and ending mandates under "Representatives", choosing whom to
apply for, and the principal following what was applied for in their name."""

from __future__ import annotations

import re

import pytest

from qyzmet.applications.decisions import assign_case, decide_case
from qyzmet.applications.services import submit_application
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.notifications.events import reference
from qyzmet.notifications.models import Notification
from qyzmet.registries.fields import find_person
from qyzmet.representation.mandates import accept_mandate, grant_mandate
from qyzmet.representation.models import Mandate
from tests.factories import CitizenFactory, officer_of
from tests.jobs.helpers import run_jobs
from tests.representation.conftest import OTHER_SERVICE, SERVICE, later

pytestmark = pytest.mark.django_db


def signed_in(client, citizen, language="en"):
    client.force_login(citizen)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def mandate(principal, representative):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[SERVICE],
        until=later(60), channel="portal",
    )  # fmt: skip
    return accept_mandate(mandate=given, representative=representative, channel="portal")


def test_a_citizen_gives_a_mandate_from_the_form(client, principal, representative):
    signed_in(client, principal)
    form = client.get("/account/representatives/give/").content.decode()
    response = client.post(
        "/account/representatives/give/",
        {"representative_iin": f" {representative.iin} ", "scope": "chosen",
         "services": [SERVICE], "until": later(30).isoformat()},
    )  # fmt: skip

    assert '<label for="representative_iin">Your representative' in form
    assert response.status_code == 302 and response["Location"] == "/account/representatives/"
    mandate = Mandate.objects.get()
    assert (mandate.representative_iin, mandate.services) == (representative.iin, [SERVICE])
    listed = client.get("/account/representatives/").content.decode()
    assert "waiting to be accepted" in listed and "Withdraw the mandate" in listed


@pytest.mark.parametrize(
    ("language", "summary", "message"),
    [
        ("en", "There is a problem", "An IIN has 12 digits."),
        ("ru", "Есть ошибка", "ИИН состоит из 12 цифр."),
        ("kk", "Қате бар", "ЖСН 12 цифрдан тұрады."),
    ],
)
def test_the_form_says_what_is_wrong_in_the_citizens_language(
    client, principal, language, summary, message
):
    signed_in(client, principal, language)
    response = client.post(
        "/account/representatives/give/",
        {"representative_iin": "12345", "scope": "chosen", "until": "31.12.2026"},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert summary in html and message in html
    assert html.count('class="error-message"') == 3  # the IIN, no service ticked, the date
    assert 'value="12345"' in html  # nothing typed is lost
    assert not Mandate.objects.exists()


def test_the_representative_accepts_and_either_ends_it(client, principal, representative):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[],
        until=later(60), channel="portal",
    )  # fmt: skip
    signed_in(client, representative)
    page = client.get("/account/representatives/").content.decode()
    accepted = client.post(f"/account/representatives/{given.pk}/accept/")
    ended = client.post(f"/account/representatives/{given.pk}/end/")

    assert "Accept the mandate" in page and "All services" in page
    assert accepted.status_code == ended.status_code == 302
    given.refresh_from_db()
    assert (given.status, given.ended_by) == ("ended", "representative")


def test_someone_else_cannot_act_on_a_mandate(client, principal, representative, people):
    given = grant_mandate(
        principal=principal, representative_iin=representative.iin, services=[],
        until=later(60), channel="portal",
    )  # fmt: skip
    signed_in(client, CitizenFactory(iin=people[2]))

    assert client.post(f"/account/representatives/{given.pk}/accept/").status_code == 404


def test_the_chooser_offers_the_principal_for_a_service_the_mandate_covers(
    client, mandate, representative
):
    signed_in(client, representative)
    covered = client.get(f"/services/{SERVICE}/").content.decode()
    not_covered = client.get(f"/services/{OTHER_SERVICE}/").content.decode()

    assert "A person who gave me a mandate" in covered
    assert f'value="{mandate.principal_iin}"' in covered
    assert f'value="{mandate.principal_iin}"' not in not_covered


def test_starting_outside_the_mandate_is_refused_with_a_page_saying_why(
    client, mandate, representative
):
    signed_in(client, representative, "ru")
    response = client.post(
        "/apply/",
        {"kind": "service", "slug": OTHER_SERVICE, "on_behalf_of": mandate.principal_iin},
    )

    assert response.status_code == 403
    assert "его доверенность не распространяется на эту услугу" in response.content.decode()


def test_the_representative_applies_through_the_portal_in_the_principals_name(
    client, mandate, representative
):
    signed_in(client, representative)
    response = client.post(
        "/apply/", {"kind": "service", "slug": SERVICE, "on_behalf_of": mandate.principal_iin}
    )

    assert response.status_code == 302
    draft = representative.applications.get()
    assert (draft.subject_iin, draft.mandate) == (mandate.principal_iin, mandate)


@pytest.fixture
def decided(mandate, principal, representative):
    """An application the representative made for the principal, approved, its document out."""
    values = sample_values(service_version(SERVICE), find_person(principal.iin))
    application = submit_application(
        citizen=representative, channel="portal", service=SERVICE, on_behalf_of=principal.iin,
        data={SERVICE: values},
    )  # fmt: skip
    case = application.cases.get()
    if case.status != "approved":
        officer = officer_of(case.agency)
        assign_case(case=case, officer=officer, channel="backoffice")
        decide_case(case=case, officer=officer, approve=True, reason="", channel="backoffice")
    run_jobs()
    return application


def test_the_principal_sees_the_application_marked_as_made_by_the_representative(
    client, decided, principal, representative
):
    signed_in(client, principal)
    listed = client.get("/applications/").content.decode()
    page = client.get(f"/applications/{decided.pk}/").content.decode()
    case = decided.cases.get()
    document = client.get(f"/applications/{decided.pk}/cases/{case.pk}/document.pdf")

    name = representative.get_full_name()
    assert f"Made in your name by your representative {name}" in listed
    assert "Made by" in page and "your representative" in page
    assert "Withdraw the application" not in page  # theirs to follow, the representative's to act
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"


def test_the_representative_sees_it_too_with_whom_it_is_for(client, decided, representative):
    signed_in(client, representative)
    listed = client.get("/applications/").content.decode()
    case = decided.cases.get()

    assert "For:" in listed and "— Mandate" in listed
    assert client.get(f"/applications/{decided.pk}/cases/{case.pk}/document.pdf").status_code == 200


def test_the_principals_data_tracker_shows_the_reads_for_that_application(
    client, decided, principal
):
    signed_in(client, principal)
    html = client.get(f"/data-tracker/?application={decided.pk}").content.decode()

    number = reference(decided)
    assert f"Application no. {number} your representative made in your name" in html
    assert re.search(r'id="access-[^"]+"', html)


def test_the_principal_is_told_and_receives_the_result(decided, principal):
    kinds = set(Notification.objects.filter(recipient=principal).values_list("kind", flat=True))

    assert {"application.submitted_for_you", "case.decided"} <= kinds


def test_a_stranger_does_not_see_it(client, decided, people):
    signed_in(client, CitizenFactory(iin=people[2]))

    assert client.get(f"/applications/{decided.pk}/").status_code == 404
