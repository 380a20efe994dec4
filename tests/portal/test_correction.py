"""The citizen's correction page: their own case sent back only; a value the form refuses is
shown on its field with what was typed kept; a good one resubmits."""

from __future__ import annotations

import datetime

import pytest

from qyzmet.applications.corrections import send_back
from qyzmet.registries.models import Person
from tests.factories import ApplicationFactory, CitizenFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    case = ApplicationFactory(submitted=True).cases.get()
    send_back(case=case, officer=officer_of(case.agency), fields=["service_centre"],
              message="Укажите другой ЦОН.", channel="backoffice")  # fmt: skip
    return case


def url(case):
    return f"/applications/{case.application_id}/cases/{case.pk}/correction/"


def test_a_long_value_is_refused_on_its_field_and_kept(client, case):
    client.force_login(case.application.citizen)
    typed = "Ц" * 201
    response = client.post(url(case), {"passport__service_centre": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert typed in page and 'aria-invalid="true"' in page
    case.refresh_from_db()
    assert case.status == "sent_back"

    done = client.post(url(case), {"passport__service_centre": "ЦОН Медеуского района"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "corrected" and case.data["service_centre"] == "ЦОН Медеуского района"
    assert client.get(url(case)).status_code == 302  # nothing more to correct


def test_another_citizen_does_not_find_the_page(client, case):
    adults = Person.objects.filter(
        death_date__isnull=True, birth_date__lt=datetime.date(1990, 1, 1)
    )
    someone = adults.exclude(iin=case.application.citizen.iin).order_by("-id").first()
    client.force_login(CitizenFactory(iin=someone.iin))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), {"passport__service_centre": "x"}).status_code == 404
