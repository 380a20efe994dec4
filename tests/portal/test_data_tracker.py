"""The data tracker in the portal: a citizen sees every request for their data — when, who,
which data, why — newest first, refused ones too, in their language, and nothing about
anyone else; an access hidden for an investigation shows once its period ends."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.tracker.concealments import hide_access
from tests.factories import ApplicationFactory, CitizenFactory
from tests.tracker.factories import DataAccessFactory, access_caused_by, days_pass

pytestmark = pytest.mark.django_db
ENTRY = '<article class="panel" id="access-'
FINDING_CHILDREN = "The data tracker: showing you your children&#x27;s data requests"


def told(html: str) -> int:
    """The entries on a page, but for the tracker's own reads of the citizen's children (one
    per view, listed too: ``tests/tracker/test_children.py``)."""
    return html.count(ENTRY) - html.count(FINDING_CHILDREN)


@pytest.fixture
def me(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    client.force_login(citizen)
    return citizen


def page(client, query="", language="en"):
    response = client.get(f"/data-tracker/{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_data_tracker_needs_a_signed_in_citizen(client):
    assert client.get("/data-tracker/").url == "/sign-in/?next=%2Fdata-tracker%2F"


def test_a_citizen_sees_each_access_their_application_caused_with_its_purpose(client, me):
    application = ApplicationFactory(citizen=me, submitted=True)
    access_caused_by(application, client_agency="internal-affairs", client_system="prefill")
    access_caused_by(
        application, client_system="checks", registry="addresses",
        provider_agency="digital-development", fields=["addresses.registration.address"],
    )  # fmt: skip

    html = page(client)

    assert html.count(f'href="/applications/{application.pk}/"') >= 2  # and submission's reads
    assert f"Your application no. {application.reference}: Issuing a Kazakhstan passport" in html
    assert "Ministry of Internal Affairs of the Republic of Kazakhstan" in html
    assert "Pre-filling an application form" in html
    assert "An automatic check of an application" in html
    assert "Full name" in html and "Date of birth" in html
    assert "Address registry" in html and "data given" in html


def test_a_citizen_sees_nothing_about_anyone_else(client, me, demo_people):
    DataAccessFactory(iin=me.iin, purpose_ref="statistics")
    DataAccessFactory(iin=demo_people["pensioner"], purpose_ref="court-order")
    someone = CitizenFactory(iin=demo_people["pensioner"])
    ApplicationFactory(citizen=someone, submitted=True)

    html = page(client)

    assert "Legal basis: official statistics" in html
    assert "court order" not in html
    assert told(html) == 1


def test_refused_requests_are_shown_with_the_reason_in_words(client, me):
    DataAccessFactory(iin=me.iin, refused=True, client_system="partner:demo-bank")

    html = page(client, language="ru")

    assert "отказано" in html
    assert "Запрошенные данные не разрешены для этой услуги" in html
    assert "Партнёр: demo-bank" in html
    assert "Трекер данных" in html


def test_newest_first_a_page_at_a_time(client, me):
    now = timezone.now()
    for hours in range(30):
        DataAccessFactory(
            iin=me.iin, at=now - datetime.timedelta(hours=hours), message_id=f"req-{hours:02d}"
        )

    first, second = page(client), page(client, "?page=2")

    assert first.index('id="access-req-00"') < first.index('id="access-req-01"')
    assert first.count(ENTRY) == 25 and "Page 2 of 2" in second
    assert all(f'id="access-req-{hours:02d}"' in first + second for hours in range(30))


def test_filtering_by_registry(client, me):
    DataAccessFactory(iin=me.iin, registry="vehicles", message_id="car")
    DataAccessFactory(iin=me.iin, registry="population", message_id="person")

    html = page(client, "?registry=vehicles")

    assert 'id="access-car"' in html and 'id="access-person"' not in html
    assert told(page(client, "?registry=nonsense")) == 2


def test_a_hidden_access_appears_after_its_period_with_the_basis_in_words(client, me):
    hidden = DataAccessFactory(iin=me.iin, message_id="hidden")
    hide_access(
        message_id=hidden.message_id, basis="court-order", reference="Order 2-117/2026",
        requested_by="Astana city court", until=timezone.now() + datetime.timedelta(days=10),
        actor=None, channel="cli",
    )  # fmt: skip
    assert 'id="access-hidden"' not in page(client)

    days_pass(10)

    html = page(client)
    assert 'id="access-hidden"' in html
    assert "for an investigation: a court order." in html
    assert "Order 2-117/2026" not in html and "Astana city court" not in html


def test_the_account_page_and_the_menu_lead_to_the_tracker(client, me):
    html = client.get("/account/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    account_menu = html[html.index('<details class="account-menu">') : html.index("</details>")]
    assert 'href="/data-tracker/"' in main and 'href="/data-tracker/"' in account_menu


def test_an_applications_page_leads_to_the_requests_it_caused(client, me):
    application = ApplicationFactory(citizen=me, submitted=True)
    other = ApplicationFactory(citizen=me, submitted=True, service="address-certificate")
    access_caused_by(application, message_id="for-this")
    access_caused_by(other, message_id="for-other")
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    link = f'href="/data-tracker/?application={application.pk}"'
    assert link in detail

    html = page(client, f"?application={application.pk}")

    assert 'id="access-for-this"' in html and 'id="access-for-other"' not in html
    assert f"Only the requests for your application no. {application.reference}." in html
    assert client.get("/data-tracker/?application=nonsense").status_code == 404
