"""What a citizen finds in the data tracker after applying: each registry read their
application caused, as the exchange recorded it, with who asked and why; and a request the
exchange refused, with the reason in their language."""

from __future__ import annotations

import pytest

from qyzmet.applications.services import start_application, submit_application
from qyzmet.exchange.client import ExchangeRefused, request_registry_data
from qyzmet.exchange.messages import Client, Purpose
from tests.applications.test_moving import ANSWERS, moving_data

pytestmark = pytest.mark.django_db


def tracker(client) -> str:
    return client.get("/data-tracker/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_each_read_an_application_caused_is_in_the_tracker_with_its_purpose(client, parent):
    services = ["residence-registration", "address-certificate", "first-grade-enrolment"]
    application = submit_application(
        citizen=parent, channel="portal", life_situation="moving", answers=ANSWERS,
        data=moving_data(parent, services),
    )  # fmt: skip

    html = tracker(client)

    assert f"Your application no. {application.reference}" in html
    assert f'href="/applications/{application.pk}/"' in html
    assert "Submitting an application: the registry extract" in html
    assert "Ministry of Internal Affairs" in html  # residence registration's agency asked
    assert "Registered address" in html


def test_a_refused_request_about_the_citizen_is_shown_with_the_reason(client, parent):
    application = submit_application(
        citizen=parent, channel="portal", service="address-certificate",
        data=moving_data(parent, ["address-certificate"]),
    )  # fmt: skip
    with pytest.raises(ExchangeRefused):
        request_registry_data(
            client=Client(agency="digital-development", system="submission"),
            subject=parent.iin, fields=["vehicles.person.vehicles"],
            purpose=Purpose(kind="application", ref=str(application.pk),
                            services=("address-certificate",)),
        )  # fmt: skip

    html = tracker(client)

    assert "refused" in html.lower()
    assert "The data asked for is not allowed for this service" in html


def test_a_read_on_a_legal_basis_is_told_in_the_bases_own_words(client, parent):
    # its pre-fill reads the business registry alone: the population registry is asked on its
    # own whether it knows the applicant (decision 76)
    start_application(citizen=parent, channel="portal", service="business-start-notification")

    html = tracker(client)

    assert "Legal basis: Establishing whom an application is for" in html
    assert "application-subject" not in html
