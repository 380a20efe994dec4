"""Identity providers are plugins: the portal signs citizens in through whichever one the
settings name, and the built-in ``demo`` provider is one of them."""

from __future__ import annotations

import pytest

from qyzmet.accounts import identity
from qyzmet.accounts.identity import (
    CodeProvider,
    DemoProvider,
    ProvenIdentity,
    ProviderRegistry,
    RedirectProvider,
    SignInStarted,
    code_provider,
)
from qyzmet.accounts.models import User
from qyzmet.core.errors import Forbidden
from tests.accounts.helpers import code_sent_to

pytestmark = pytest.mark.django_db


class TrustEveryone(CodeProvider):
    """A test provider: any IIN, answer 'yes'."""

    name = "trust"
    title = {"kk": "Сенім", "ru": "Доверие", "en": "Trust"}

    def start(self, *, identifier, language, channel, requester, address=None):
        return SignInStarted(identifier=identifier.strip())

    def verify(self, *, identifier, response, language, channel, requester, address=None):
        assert response == "yes"
        return User.objects.get_or_create(username=identifier, iin=identifier)[0]


def test_the_demo_provider_is_built_in_and_chosen_by_default():
    assert isinstance(code_provider(), DemoProvider)
    assert {"demo", "sms", "eds", "oidc"} <= set(identity.providers)  # and others beside them


def test_a_provider_name_is_registered_once():
    registry = ProviderRegistry()
    registry.register(TrustEveryone())
    with pytest.raises(ValueError):
        registry.register(TrustEveryone())


def test_the_demo_provider_signs_in_with_iin_and_code(demo_people):
    provider = DemoProvider()
    asking = {"language": "en", "channel": "portal", "requester": "browser-1"}
    started = provider.start(identifier=demo_people["parent"], **asking)
    code = code_sent_to(started.identifier)
    user = provider.verify(identifier=started.identifier, response=code, **asking)
    assert user.iin == demo_people["parent"]


def test_the_portal_signs_in_through_the_provider_the_settings_name(client, settings, monkeypatch):
    registry = ProviderRegistry()
    registry.register(TrustEveryone())
    monkeypatch.setattr(identity, "providers", registry)
    settings.IDENTITY_PROVIDERS = ["trust"]
    assert client.post("/sign-in/", {"iin": "850101300124"}).url == "/sign-in/code/"
    response = client.post("/sign-in/code/", {"code": "yes"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(iin="850101300124").pk)


class ComeBack(RedirectProvider):
    """A test redirect provider: the browser comes back with ``code=ok`` for its IIN."""

    name = "comeback"
    title = {"kk": "Қайту", "ru": "Возврат", "en": "Come back"}

    def __init__(self, iin):
        self.iin = iin

    def begin(self, *, state, callback_url, language):
        state["nonce"] = "n-1"
        return f"https://provider.example/authorize?redirect_uri={callback_url}"

    def prove(self, *, state, query, callback_url):
        if query.get("code") != "ok" or state.get("nonce") != "n-1":
            raise Forbidden("signin.redirect_lost")
        return ProvenIdentity(provider=self.name, iin=self.iin)


def test_a_redirect_provider_signs_in_once_per_trip(client, settings, monkeypatch, demo_people):
    registry = ProviderRegistry()
    registry.register(ComeBack(demo_people["parent"]))
    monkeypatch.setattr(identity, "providers", registry)
    settings.IDENTITY_PROVIDERS = ["comeback"]
    assert "Continue with Come back" in client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE="en").text
    went = client.get("/sign-in/comeback/?next=/applications/")
    assert went.url.startswith("https://provider.example/authorize?redirect_uri=http://testserver/")
    back = client.get("/sign-in/comeback/callback/?code=ok")
    assert back.status_code == 302 and back.url == "/applications/"
    assert client.session["_auth_user_id"] == str(User.objects.get(iin=demo_people["parent"]).pk)
    client.logout()
    again = client.get("/sign-in/comeback/callback/?code=ok", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 403 and "expired or was started in another browser" in again.text
    assert "_auth_user_id" not in client.session


def test_a_provider_that_is_off_has_no_sign_in_page(client, settings):
    settings.IDENTITY_PROVIDERS = ["demo"]
    assert client.get("/sign-in/comeback/").status_code == 404
    assert client.get("/sign-in/demo/").status_code == 404  # a code provider has no redirect


def test_a_provider_name_nobody_registered_stops_the_server(settings):
    from django.core.checks import run_checks

    settings.IDENTITY_PROVIDERS = ["demo", "egov-typo"]
    found = [m for m in run_checks() if m.id == "qyzmet.E006"]
    assert len(found) == 1 and "egov-typo" in found[0].msg
    settings.IDENTITY_PROVIDERS = ["demo"]
    assert not [m for m in run_checks() if m.id == "qyzmet.E006"]
