"""A request larger than QYZMET_MAX_REQUEST_MB is answered 413 before a byte of its body is
read: not by the view, which comes too late, but before the CSRF check (which reads a form's
body and writes its files to temporary files). So these tests use a client that checks CSRF
as a browser's request is checked, and prove that nothing was read in two ways: a recording
upload handler sees no file, and a body shorter than its declared length is never read past
its end (Django's test payload raises if it is)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

from qyzmet.attachments.selectors import attachments_of
from qyzmet.core.request_ids import HEADER
from tests.attachments.conftest import KIND, LICENCE, a_pdf
from tests.callers import bearer

pytestmark = pytest.mark.django_db
FIELD = f"file__{LICENCE}__{KIND}"
MB = 1024 * 1024
HUGE = str(8 * 1024 * MB)  # 8 GB declared, a few bytes sent
FILES_SEEN: list[str] = []


class RecordingHandler(FileUploadHandler):
    """Notes every file Django starts to take from a body, and passes its bytes on."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        FILES_SEEN.append(self.file_name or "")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def recorded(settings):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.RecordingHandler", *settings.FILE_UPLOAD_HANDLERS]
    FILES_SEEN.clear()
    return FILES_SEEN


@pytest.fixture
def browser(draft) -> Client:
    """A signed-in citizen's browser, checked for CSRF as a real one is: it has the cookie."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(draft.citizen)
    browser.get(f"/applications/{draft.pk}/attachments/")
    return browser


def token(browser: Client) -> dict[str, str]:
    return {"csrfmiddlewaretoken": browser.cookies[settings.CSRF_COOKIE_NAME].value}


def a_file_of(megabytes: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("c.pdf", a_pdf() + b"0" * (megabytes * MB))


def test_a_portal_upload_over_the_limit_is_a_413_page_and_no_file_is_taken(
    browser, draft, settings, recorded
):
    settings.MAX_REQUEST_MB = 1
    page = f"/applications/{draft.pk}/attachments/"
    form = {FIELD: a_file_of(2), **token(browser)}
    response = browser.post(page, form, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 413
    shown = response.content.decode()
    assert '<html lang="kk">' in shown and "Файлдар тым үлкен" in shown
    assert "1 МБ-тан үлкен сұраныс оқылмайды" in shown
    assert response[HEADER] in shown  # the reference to quote to support
    assert recorded == []  # the CSRF check did not read the form
    assert not attachments_of(draft).exists()


def test_a_portal_upload_within_the_limit_is_read_and_checked_as_before(
    browser, draft, settings, recorded
):
    settings.MAX_REQUEST_MB = 1
    form = {FIELD: SimpleUploadedFile("c.pdf", a_pdf()), **token(browser)}
    response = browser.post(f"/applications/{draft.pk}/attachments/", form)
    assert response.status_code == 302  # taken: the review follows
    assert recorded == ["c.pdf"]  # the handler that saw nothing above sees a file that is read
    assert attachments_of(draft).exists()


def test_a_declared_length_over_the_limit_is_not_read_at_all(draft, browser):
    # The body is a few bytes: reading past them would raise in Django's test payload.
    for page in (f"/applications/{draft.pk}/attachments/", "/verify/"):
        form = {"file": SimpleUploadedFile("c.pdf", b"%PDF"), **token(browser)}
        response = browser.post(page, form,
                                CONTENT_LENGTH=HUGE, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
        assert response.status_code == 413, page
        assert "larger than 50 MB is not read" in response.content.decode()


def test_an_api_upload_over_the_limit_is_a_413_problem_in_the_callers_language(
    client, draft, settings, recorded
):
    settings.MAX_REQUEST_MB = 1
    response = client.post(
        f"/api/v1/applications/{draft.pk}/attachments",
        {"service": LICENCE, "kind": KIND, "file": a_file_of(2)},
        HTTP_ACCEPT_LANGUAGE="ru", **bearer(draft.citizen),
    )  # fmt: skip
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "request.too_large" and body["status"] == 413
    assert body["detail"] == "Запрос слишком большой."
    assert response[HEADER]
    assert recorded == []
    assert not attachments_of(draft).exists()


def test_a_60_mb_api_upload_is_refused_before_it_is_read(client, draft):
    response = client.post(
        f"/api/v1/applications/{draft.pk}/attachments",
        {"service": LICENCE, "kind": KIND, "file": SimpleUploadedFile("c.pdf", b"%PDF")},
        CONTENT_LENGTH=str(60 * MB), **bearer(draft.citizen),
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["code"] == "request.too_large"


def test_govstack_answers_a_413_system_error():
    response = Client().post(
        "/govstack/registration/documents", b"{}", content_type="application/json",
        CONTENT_LENGTH=HUGE, HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "request.too_large" and body["traceId"] == response[HEADER]
    assert body["message"] == "The request is too large."
    assert body["localizedMessage"] == "Запрос слишком большой."


@pytest.mark.parametrize("path", ["/verify/", "/api/v1/applications/x/attachments"])
def test_a_body_sent_in_chunks_without_a_length_is_a_411(path):
    # Django reads a body up to its Content-Length: a chunked one would reach the view empty.
    response = Client().generic("POST", path, b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


def test_nothing_but_the_request_id_and_the_metrics_come_before_the_size_check():
    order = settings.MIDDLEWARE
    assert order[:3] == [
        "qyzmet.core.request_ids.RequestIdMiddleware",
        "qyzmet.operations.middleware.MetricsMiddleware",  # counts the 413s too
        "qyzmet.request_size.RequestSizeMiddleware",
    ]
