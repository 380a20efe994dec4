"""Citizens sign in through an OpenID provider: the real one (`oidc-provider` from npm, its own
process, reached over HTTP), the portal as the relying party. A person types their IIN on the
provider's login page and comes back signed in; every answer that must not sign anyone in is
refused with a message saying why, never a 500."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from qyzmet.accounts.models import SignInAttempt, User
from qyzmet.accounts.oidc import TRIP_LIFETIME
from qyzmet.identity.oidc import forget_providers
from tests.accounts.helpers import unregistered_iin
from tests.served import free_port
from tests.support.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIdProvider,
    provider_answer,
    query_string,
    running_provider,
)

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/sign-in/oidc/callback/"
TRIP = "signin_redirect"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: Any) -> Iterator[OpenIdProvider]:
    with running_provider(tmp_path_factory.mktemp("oidc"), redirect_uris=[CALLBACK]) as running:
        yield running


def use(settings: Any, provider: OpenIdProvider) -> None:
    settings.OIDC_ISSUER = provider.issuer
    forget_providers()


@pytest.fixture(autouse=True)
def oidc_on(settings: Any, provider: OpenIdProvider) -> Iterator[None]:
    settings.IDENTITY_PROVIDERS = ["oidc", "demo"]
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TITLE = "eGov ID"
    use(settings, provider)
    yield
    forget_providers()


@pytest.fixture
def another_provider(tmp_path: Any, settings: Any) -> Iterator[Any]:
    """Start a provider of this test's own, with settings of its own (``restart`` keeps its
    issuer); the portal is switched to it."""
    with ExitStack() as stack:

        def start(**env: str) -> OpenIdProvider:
            provider = stack.enter_context(
                running_provider(tmp_path, redirect_uris=[CALLBACK], **env)
            )
            use(settings, provider)
            return provider

        yield start


@pytest.fixture
def person() -> Iterator[httpx.Client]:
    """The person's browser at the provider (its cookies: their session there)."""
    with httpx.Client(timeout=10) as browser:
        yield browser


def leave_for_provider(client: Any) -> str:
    went = client.get("/sign-in/oidc/?next=/applications/")
    assert went.status_code == 302, went.content
    return str(went.url)


def come_back(client: Any, answer: dict[str, str]) -> Any:
    return client.get(f"/sign-in/oidc/callback/?{query_string(answer)}", HTTP_ACCEPT_LANGUAGE="en")


def sign_in(client: Any, person: httpx.Client, login: str | None) -> Any:
    url = leave_for_provider(client)
    return come_back(client, provider_answer(person, url, redirect_uri=CALLBACK, login=login))


def signed_in_iin(client: Any) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).iin if user_id else None


def refused(response: Any, words: str, status: int = 403) -> bool:
    return response.status_code == status and words in response.content.decode()


def test_the_sign_in_page_offers_the_provider_by_its_name(client):
    page = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Continue with eGov ID" in page
    assert "You sign in at eGov ID, then come back here." in page
    assert 'name="iin"' in page  # the demo provider beside it


def test_a_citizen_signs_in_at_the_provider_with_pkce_state_and_nonce(client, person, demo_people):
    url = leave_for_provider(client)
    asked = parse_qs(urlsplit(url).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"]
    assert asked["state"] and asked["nonce"] and asked["response_type"] == ["code"]
    assert "code_verifier" not in url and asked["client_id"] == [CLIENT_ID]

    back = come_back(
        client, provider_answer(person, url, redirect_uri=CALLBACK, login=demo_people["parent"])
    )
    assert back.status_code == 302 and back.url == "/applications/"
    assert signed_in_iin(client) == demo_people["parent"]
    assert SignInAttempt.objects.filter(iin=demo_people["parent"], event="signed_in").exists()
    assert TRIP not in client.session
    citizen = User.objects.get(iin=demo_people["parent"])
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"You are signed in as {citizen.get_full_name()}." in home


def test_the_client_may_authenticate_in_the_form(
    client, person, demo_people, settings, another_provider
):
    another_provider(OIDC_CLIENT_AUTH="client_secret_post")
    settings.OIDC_CLIENT_AUTH = "client_secret_post"
    assert sign_in(client, person, demo_people["pensioner"]).status_code == 302
    assert signed_in_iin(client) == demo_people["pensioner"]


def test_a_wrong_client_secret_is_refused_by_the_provider(client, person, demo_people, settings):
    settings.OIDC_CLIENT_SECRET = "not-the-secret"
    back = sign_in(client, person, demo_people["parent"])
    assert refused(back, "did not confirm the sign-in")
    assert signed_in_iin(client) is None


def test_an_id_token_for_another_audience_is_refused(client, person, demo_people, another_provider):
    another_provider(OIDC_ID_TOKEN_AUDIENCE="another-portal")
    back = sign_in(client, person, demo_people["parent"])
    assert refused(back, "meant for another service")
    assert signed_in_iin(client) is None


def test_an_expired_id_token_is_refused(client, person, demo_people, another_provider):
    # Its clock is ten minutes late and its ID tokens last a minute: expired on arrival.
    another_provider(OIDC_CLOCK_SKEW_SECONDS="-600", OIDC_ID_TOKEN_TTL="60")
    back = sign_in(client, person, demo_people["parent"])
    assert refused(back, "answer has expired")
    assert signed_in_iin(client) is None


def test_an_id_token_issued_in_the_future_is_refused(client, person, demo_people, another_provider):
    another_provider(OIDC_CLOCK_SKEW_SECONDS="600")
    assert refused(sign_in(client, person, demo_people["parent"]), "dated in the future")


def test_a_signature_the_published_keys_do_not_match_is_refused(
    client, person, demo_people, another_provider
):
    provider = another_provider(OIDC_KEY_ID="the-key")
    assert sign_in(client, person, demo_people["parent"]).status_code == 302  # keys kept
    client.logout()
    provider.restart()  # a new key under the same key id: the kept key no longer matches
    back = sign_in(client, httpx.Client(timeout=10), demo_people["parent"])
    assert refused(back, "does not match its keys")
    assert signed_in_iin(client) is None


def test_keys_the_provider_rotated_are_fetched_again(client, person, demo_people, another_provider):
    provider = another_provider()
    assert sign_in(client, person, demo_people["parent"]).status_code == 302
    client.logout()
    provider.restart()  # a new key with a new key id
    assert sign_in(client, httpx.Client(timeout=10), demo_people["parent"]).status_code == 302
    assert signed_in_iin(client) == demo_people["parent"]


def test_a_nonce_signs_in_once_even_when_an_old_copy_of_the_trip_comes_back(
    client, person, demo_people
):
    url = leave_for_provider(client)
    trip = dict(client.session[TRIP])
    answer = provider_answer(person, url, redirect_uri=CALLBACK, login=demo_people["parent"])
    assert come_back(client, answer).status_code == 302
    client.logout()
    session = client.session  # a copy of the trip kept elsewhere (a restored session)...
    session[TRIP] = trip
    session.save()
    # ...and the person, still signed in at the provider, sent back with a new code for the
    # same request: a fresh ID token carrying the same nonce.
    again = provider_answer(person, url, redirect_uri=CALLBACK, login=demo_people["parent"])
    assert again["code"] != answer["code"]
    assert refused(come_back(client, again), "already used and does not work twice")
    assert signed_in_iin(client) is None


def test_an_answer_to_another_request_is_refused_and_the_trip_ends(client, person, demo_people):
    url = leave_for_provider(client)
    answer = provider_answer(person, url, redirect_uri=CALLBACK, login=demo_people["parent"])
    assert refused(come_back(client, {**answer, "state": "someone-elses"}), "does not match")
    assert refused(come_back(client, answer), "expired or was started in another browser")
    assert signed_in_iin(client) is None


def test_a_person_who_cancels_at_the_provider_is_told_so(client, person):
    back = sign_in(client, person, login=None)
    assert refused(back, "cancelled or not allowed at the provider")
    assert "Try again" in back.content.decode()


def test_a_forged_code_is_refused_by_the_provider(client, provider):
    leave_for_provider(client)
    trip = client.session[TRIP]
    back = come_back(client, {"code": "forged", "state": trip["state"], "iss": provider.issuer})
    assert refused(back, "did not confirm the sign-in")


def test_an_answer_naming_another_issuer_is_refused(client):
    leave_for_provider(client)
    trip = client.session[TRIP]
    back = come_back(client, {"code": "x", "state": trip["state"], "iss": "https://evil.example"})
    assert refused(back, "issued by someone other than the configured provider")


def test_a_trip_that_took_too_long_is_refused(client, person, demo_people):
    url = leave_for_provider(client)
    session = client.session
    session[TRIP] = {**session[TRIP], "started": int(time.time() - TRIP_LIFETIME.seconds - 1)}
    session.save()
    answer = provider_answer(person, url, redirect_uri=CALLBACK, login=demo_people["parent"])
    assert refused(come_back(client, answer), "expired or was started in another browser")


def test_a_login_that_is_no_iin_signs_nobody_in(client, person):
    assert refused(sign_in(client, person, "someone"), "did not give your IIN")


def test_an_iin_the_population_registry_does_not_know_signs_nobody_in(client, person):
    assert refused(sign_in(client, person, unregistered_iin()), "no living person with this IIN")


def test_a_provider_that_cannot_be_reached_is_said_so(client, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    forget_providers()
    went = client.get("/sign-in/oidc/", HTTP_ACCEPT_LANGUAGE="ru")
    assert refused(went, "Провайдер идентификации сейчас недоступен", status=503)
