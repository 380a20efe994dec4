"""Text no database stores (a NUL character), anywhere a view reads it as it is, is a clear
400 in the caller's channel and language, never a server error on PostgreSQL; a cookie holding
it is no cookie."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest
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
