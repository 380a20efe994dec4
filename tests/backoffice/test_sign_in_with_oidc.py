"""When officers must sign in through the OpenID provider (the real `oidc-provider`, its own
process), an officer signs in there as the person their account is tied to and comes back to
the back office's own callback, signed in as that officer; a citizen who is no officer comes
back signed in as nobody."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from qyzmet.accounts.models import User
from qyzmet.catalog.models import Agency
from qyzmet.identity.oidc import forget_providers
from tests.backoffice.signing_in import officer_iin, signed_in_user_id, tie
from tests.support.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIdProvider,
    provider_answer,
    query_string,
    running_provider,
)

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/back-office/sign-in/oidc/callback/"
PORTAL_CALLBACK = "http://testserver/sign-in/oidc/callback/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: Any) -> Iterator[OpenIdProvider]:
    folder = tmp_path_factory.mktemp("oidc-officers")
    with running_provider(folder, redirect_uris=[CALLBACK, PORTAL_CALLBACK]) as running:
        yield running


@pytest.fixture(autouse=True)
def officers_use_oidc(settings: Any, provider: OpenIdProvider) -> Iterator[None]:
    settings.IDENTITY_PROVIDERS = ["oidc"]
    settings.OFFICER_IDENTITY_PROVIDERS = ["oidc"]
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TITLE = "eGov ID"
    forget_providers()
    yield
    forget_providers()


@pytest.fixture
def person() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as browser:
        yield browser


def sign_in(client: Any, person: httpx.Client, login: str, *, next_url: str = "") -> Any:
    went = client.get("/back-office/sign-in/oidc/" + (f"?next={next_url}" if next_url else ""))
    assert went.status_code == 302, went.content
    answer = provider_answer(person, went["Location"], redirect_uri=CALLBACK, login=login)
    return client.get(
        f"/back-office/sign-in/oidc/callback/?{query_string(answer)}", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_sign_in_page_offers_the_provider(client):
    page = client.get("/back-office/sign-in/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Continue with eGov ID" in page.text and 'name="password"' not in page.text
    assert 'href="/back-office/sign-in/oidc/"' in page.text


def test_an_officer_signs_in_at_the_provider_and_opens_the_queue(client, person, officer):
    tie(officer, officer_iin())

    back = sign_in(client, person, officer_iin(), next_url="/back-office/dashboard/")

    assert back.status_code == 302 and back["Location"] == "/back-office/dashboard/"
    assert signed_in_user_id(client) == str(officer.pk)
    assert client.get("/back-office/").status_code == 200
    assert not User.objects.filter(iin=officer_iin()).exists()


def test_a_citizen_who_is_no_officer_comes_back_signed_in_as_nobody(
    client, person, officer, demo_people
):
    tie(officer, officer_iin())
    accounts = User.objects.count()

    back = sign_in(client, person, demo_people["parent"])

    assert back.status_code == 403
    assert "No officer account belongs to the person you signed in as." in back.text
    assert signed_in_user_id(client) is None and User.objects.count() == accounts


def test_a_trip_begun_on_the_portal_does_not_end_in_the_back_office(client, person, officer):
    tie(officer, officer_iin())
    went = client.get("/sign-in/oidc/")
    answer = provider_answer(person, went["Location"], redirect_uri=PORTAL_CALLBACK,
                             login=officer_iin())  # fmt: skip

    back = client.get(f"/back-office/sign-in/oidc/callback/?{query_string(answer)}")

    assert back.status_code == 403 and signed_in_user_id(client) is None


def test_an_agency_asking_for_its_certificates_refuses_the_openid_provider(client, person, officer):
    tie(officer, officer_iin())
    Agency.objects.filter(pk=officer.agency_id).update(bin="040340008429")

    back = sign_in(client, person, officer_iin())

    assert back.status_code == 403 and "040340008429" in back.text
    assert signed_in_user_id(client) is None
