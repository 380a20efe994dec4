"""Through the API, a citizen downloads the signed result document of an approved case."""

from __future__ import annotations

import pytest

from qyzmet.documents.verification import verify_document_file
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def url(application) -> str:
    return f"/api/v1/applications/{application.pk}/cases/{application.cases.get().pk}/document"


def test_the_citizen_gets_the_signed_pdf(client):
    application = ApplicationFactory(service="passport", approved=True)
    response = client.get(url(application), **bearer(application.citizen))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert verify_document_file(response.content).authentic


def test_a_case_without_a_document_or_of_someone_else_is_not_found(client, demo_people):
    waiting = ApplicationFactory(service="passport", submitted=True)
    stranger = CitizenFactory(iin=demo_people["pensioner"])
    not_yet = client.get(url(waiting), **bearer(waiting.citizen), HTTP_ACCEPT_LANGUAGE="ru")
    not_mine = client.get(url(waiting), **bearer(stranger))
    assert not_yet.status_code == 404
    assert not_yet["Content-Type"] == "application/problem+json"
    assert not_yet.json()["detail"] == "Документ не найден."
    assert not_mine.status_code == 404
