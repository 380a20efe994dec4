"""The database going away, as every channel answers it: a 503 with Retry-After in the
caller's language (problem+json on the API, GovStack's systemError, a plain page in the portal
and the back office), rendered without the database, never a 500 nor Django's error page."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.callers import bearer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
TITLES = {
    "kk": "Қызмет уақытша қолжетімсіз",
    "ru": "Сервис временно недоступен",
    "en": "The service is briefly unavailable",
}


def database_locked(execute, sql, params, many, context):
    """Every query of the request fails, as when another process holds SQLite's lock."""
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as error:
        raise OperationalError(*error.args) from error


def while_the_database_is_gone(send):
    browser = Client(raise_request_exception=False)
    browser.cookies["sessionid"] = "s" * 32  # someone signed in: the session is read
    with connection.execute_wrapper(database_locked):
        return send(browser)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", ["/", "/services/moving/", "/back-office/", "/my/applications/"])
def test_a_page_is_a_plain_503_page_in_its_language(path, language):
    response = while_the_database_is_gone(
        lambda browser: browser.get(path, HTTP_ACCEPT_LANGUAGE=language)
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"<h1>{TITLES[language]}</h1>" in page
    assert f'lang="{language}"' in page
    assert response["X-Request-ID"] in page  # what to tell support
    assert not response.cookies


def test_a_form_sent_while_the_database_is_gone_is_a_503_page_too():
    response = while_the_database_is_gone(
        lambda browser: browser.post("/sign-in/", {"iin": "900101300123"})
    )
    assert response.status_code == 503


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_api_answers_a_503_problem_in_the_callers_language(demo_people, language):
    token = bearer(CitizenFactory(iin=demo_people["young_adult"]))
    response = while_the_database_is_gone(
        lambda client: client.get("/api/v1/applications", HTTP_ACCEPT_LANGUAGE=language, **token)
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    assert response["Content-Language"] == language
    assert response.json()["code"] == "server.unavailable"
    assert response.json()["status"] == 503


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/api/v1/services"), ("post", "/oauth/token/")]
)
def test_the_public_api_and_partners_tokens_answer_a_503_problem_too(method, path):
    response = while_the_database_is_gone(lambda client: getattr(client, method)(path))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_govstack_answers_a_503_system_error_with_the_request_id(language):
    headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_X_REQUEST_ID": "mediator-trace-42"}
    response = while_the_database_is_gone(
        lambda client: client.get("/govstack/registration/services", **headers)
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["traceId"] == "mediator-trace-42"
    assert body["code"] == "server.unavailable"
    assert body["localizedMessage"].startswith(TITLES[language])
