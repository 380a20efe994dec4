"""Text no database stores (a NUL character), anywhere a view reads it as it is, is a clear
400 in the caller's channel and language, never a server error on PostgreSQL; a cookie holding
it is no cookie."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import UnreadablePostError

from qyzmet.request_text import readable
from tests.callers import bearer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"  # as a browser's form and OAuth2 send theirs


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/search/", {"q": "I lost my ID\x00 card"}),
        ("/verify/", {"number": "AB\x00"}),
        ("/verify/AB%00CD/", {}),
        ("/statistics/", {"agency": "a\x00"}),
        ("/statistics/data.csv", {"agency": "a\x00"}),
    ],
)
def test_an_address_with_a_null_character_is_a_page_saying_so(client, path, query):
    response = client.get(path, query, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "нельзя прочитать" in response.content.decode()


def test_a_form_with_a_null_character_is_refused_before_the_view(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    response = client.post(
        "/i18n/setlang/", urlencode({"language": "kk\x00"}), content_type=FORM,
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot be read" in response.content.decode()


def test_the_api_answers_a_problem(client):
    response = client.get(
        "/api/v1/service-centres/x%00/slots", {"service": "id-card"}, HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request.unstorable"
    assert "оқылмайтын" in response.json()["detail"]


def test_a_partners_token_request_with_a_null_character_is_refused(client):
    body = urlencode({"grant_type": "client_credentials", "client_id": "a\x00"})
    asked = client.post("/oauth/token/", body, content_type=FORM)
    assert asked.status_code == 400 and asked.json()["code"] == "request.unstorable"
    basic = base64.b64encode(b"abc\x00def:secret").decode()
    asked = client.post(
        "/oauth/token/", "grant_type=client_credentials", content_type=FORM,
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )  # fmt: skip
    assert asked.status_code == 400 and asked.json()["code"] == "request.unstorable"


def test_a_partners_data_access_proof_with_a_null_character_is_refused(client):
    citizen = CitizenFactory()
    response = client.get("/api/v1/data-accesses/X%00/proof", **bearer(citizen))
    assert response.status_code == 400


def test_a_cookie_with_a_null_character_is_no_cookie(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/life-situations").status_code == 200


def test_a_form_whose_sender_went_away_within_it_is_left_to_the_csrf_check(rf):
    class Gone:
        def read(self, *args):
            raise UnreadablePostError("the client went away")

        def close(self):
            pass

    request = rf.post("/statistics/", "comment=good", content_type=FORM)
    request._stream = Gone()
    assert readable(request)  # not a server error here; CsrfViewMiddleware answers it


def test_a_multipart_form_with_a_null_character_is_refused_before_the_view(client):
    asked = client.post("/oauth/token/", {"grant_type": "client_credentials", "client_id": "a\x00"})
    assert asked.status_code == 400 and asked.json()["code"] == "request.unstorable"


def test_an_upload_whose_fields_hold_a_null_character_is_refused(client):
    citizen = CitizenFactory()
    upload = SimpleUploadedFile("passport.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        "/api/v1/applications/00000000-0000-0000-0000-000000000000/attachments",
        {"service": "id-card\x00", "kind": "photo", "file": upload}, **bearer(citizen),
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["code"] == "request.unstorable"


MULTIPART_WITHOUT_BOUNDARY = "multipart/form-data"


def test_an_upload_that_cannot_be_read_is_a_problem_in_the_callers_language(client):
    citizen = CitizenFactory()
    response = client.post(
        "/api/v1/applications/00000000-0000-0000-0000-000000000000/attachments",
        b"--x\r\ncut", content_type=MULTIPART_WITHOUT_BOUNDARY, HTTP_ACCEPT_LANGUAGE="kk",
        **bearer(citizen),
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request.form_unreadable"
    assert "Форманың деректері оқылмады" in response.json()["detail"]


def test_a_form_that_cannot_be_read_is_a_page_saying_so(client):
    response = client.post(
        "/i18n/setlang/", b"--x\r\ncut", content_type=MULTIPART_WITHOUT_BOUNDARY,
        HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Форма не прочитана" in response.content.decode()


def test_a_form_of_too_many_fields_is_refused_in_the_channels_format(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"field{number}": "x" for number in range(11)}
    asked = client.post("/oauth/token/", urlencode(fields), content_type=FORM)
    assert asked.status_code == 400 and asked.json()["code"] == "request.form_unreadable"


def test_a_form_whose_fields_are_too_large_to_keep_in_memory_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    asked = client.post("/oauth/token/", urlencode({"grant_type": "x" * 2000}), content_type=FORM)
    assert asked.status_code == 413 and asked.json()["code"] == "request.form_too_large"


SMALL_FORM = b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xx--\r\n'


def test_a_view_reading_the_raw_body_still_can_after_a_multipart_form_was_read(client):
    citizen = CitizenFactory()
    asked = client.post(
        "/api/v1/applications", SMALL_FORM, content_type="multipart/form-data; boundary=xx",
        **bearer(citizen),
    )  # fmt: skip
    assert asked.status_code == 400 and asked.json()["code"] == "request.malformed"  # not JSON
    webhook = client.post(
        "/payments/webhooks/sandbox/", SMALL_FORM, content_type="multipart/form-data; boundary=xx"
    )
    assert webhook.status_code == 403  # unsigned, as any body


def test_an_upload_too_large_to_read_here_has_its_fields_checked_by_the_api(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # the upload below is larger: left to the view
    citizen = CitizenFactory()
    upload = SimpleUploadedFile("passport.pdf", b"%PDF-1.4" + b"0" * 500)
    response = client.post(
        "/api/v1/applications/00000000-0000-0000-0000-000000000000/attachments",
        {"service": "id-card\x00", "kind": "photo", "file": upload}, **bearer(citizen),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_application"
