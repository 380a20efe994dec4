"""Wrong input gets a precise error in the requested language, never a 500."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest

from qyzmet.accounts.services import create_api_token
from qyzmet.core.identifiers import make_iin
from tests.callers import bearer
from tests.factories import ApplicationFactory, CitizenFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_citizen(demo_people):
    citizen = CitizenFactory(iin=demo_people["young_adult"])
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=citizen)}"}


def post(client, path, body, headers, language="en"):
    return client.post(
        path, body if isinstance(body, str) else json.dumps(body),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **headers,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The check digit does not match: the number has a typo."),
        ("ru", "Не сходится контрольная цифра: в номере ошибка."),
        ("kk", "Бақылау цифры сәйкес келмейді: нөмірде қате бар."),
    ],
)
def test_a_wrong_iin_is_explained_in_the_users_language(client, as_citizen, language, message):
    valid = make_iin(datetime.date(2024, 5, 17), "M", 123) or ""
    typo = valid[:11] + str((int(valid[11]) + 1) % 10)
    response = post(
        client, "/api/v1/applications",
        {"service": "birth-benefit", "submit": True,
         "data": {"birth-benefit": {"child_iin": typo}}},
        as_citizen, language,
    )  # fmt: skip
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == language
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert errors["data.birth-benefit.child_iin"] == {
        "field": "data.birth-benefit.child_iin",
        "code": "iin.bad_check_digit",
        "message": message,
    }


def test_a_missing_field_is_named(client, as_citizen):
    response = post(
        client, "/api/v1/applications",
        {"service": "passport", "submit": True, "data": {"passport": {}}}, as_citizen,
    )  # fmt: skip
    body = response.json()
    assert response.status_code == 422
    assert body["detail"] == "The application has errors. Please correct the fields below."
    assert all(e["code"] == "required" for e in body["errors"])
    assert all(e["field"].startswith("data.passport.") for e in body["errors"])


def test_malformed_json_is_a_400(client, as_citizen):
    response = post(client, "/api/v1/applications", "{not json", as_citizen, "ru")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Неверный запрос")


def test_a_wrongly_typed_field_is_a_422(client, as_citizen):
    response = post(client, "/api/v1/applications", {"service": ["x"]}, as_citizen)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "service"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/services/dragon-licence", "not_found.service"),
        ("/api/v1/life-situations/dragon", "not_found.life_situation"),
        (f"/api/v1/applications/{uuid.uuid4()}", "not_found.application"),
        ("/api/v1/applications/not-a-uuid", "not_found.application"),
    ],
)
def test_an_unknown_id_is_a_404(client, as_citizen, path, code):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="kk", **as_citizen)
    assert response.status_code == 404
    assert response.json()["code"] == code


def test_applying_for_an_unknown_service_is_a_404(client, as_citizen):
    response = post(client, "/api/v1/applications", {"service": "dragon-licence"}, as_citizen)
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such service."


def test_without_credentials_the_api_asks_to_sign_in(client):
    response = client.get("/api/v1/applications", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    assert response.json()["detail"] == "Войдите в систему."


def test_an_oversized_body_is_a_413(client, as_citizen, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"service": "passport", "data": {"passport": {"x": "a" * 5000}}}
    response = post(client, "/api/v1/applications", body, as_citizen)
    assert response.status_code == 413


def test_another_citizens_application_is_not_found(client, as_citizen, demo_people):
    other = CitizenFactory(iin=demo_people["pensioner"])
    other_headers = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=other)}"}
    created = post(client, "/api/v1/applications", {"service": "passport"}, other_headers)
    response = client.get(f"/api/v1/applications/{created.json()['id']}", **as_citizen)
    assert response.status_code == 404


def test_a_browser_session_must_send_its_csrf_token(demo_people):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(CitizenFactory(iin=demo_people["young_adult"]))
    refused = browser.post(
        "/api/v1/applications", {"service": "passport"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "request.csrf"
    browser.get("/admin/login/")  # any form page hands out the CSRF cookie
    accepted = browser.post(
        "/api/v1/applications", {"service": "passport"}, content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )  # fmt: skip
    assert accepted.status_code == 201


@pytest.mark.parametrize("body", ["[null, null]", "false", '"AAA"', "42"])
def test_a_body_that_is_not_a_json_object_is_refused_not_read_as_empty(client, body):
    officer = OfficerFactory()
    case = ApplicationFactory(submitted=True).cases.get()
    headers = bearer(officer)
    response = post(client, f"/api/v1/cases/{case.pk}/assign", body, headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "type.object"
    case.refresh_from_db()
    assert case.assigned_to is None


@pytest.mark.parametrize("body", ["[]", "false", '"lost my passport"', "null"])
@pytest.mark.parametrize("path", ["/api/v1/assistant/route", "/api/v1/assistant/prefill"])
def test_a_question_to_the_assistant_must_be_a_json_object(client, as_citizen, path, body):
    response = post(client, path, body, as_citizen)
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["type.object"]


@pytest.mark.parametrize("path", ["/api/v1/assistant/route", "/api/v1/assistant/prefill"])
def test_a_question_no_database_could_store_is_refused_not_a_server_error(client, as_citizen, path):
    response = post(client, path, {"text": "I lost my passport\u0000"}, as_citizen)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_text_no_database_can_store_is_refused_not_a_server_error(client):
    from qyzmet.accounts.services import create_api_token
    from tests.factories import ApplicationFactory

    draft = ApplicationFactory(service="passport")
    token = create_api_token(user=draft.citizen)
    response = client.patch(
        f"/api/v1/applications/{draft.pk}",
        '{"answers": {"reason": "lost\\u0000"}}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
