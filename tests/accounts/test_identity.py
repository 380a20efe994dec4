"""Identity providers are plugins: the portal signs citizens in through whichever one the
settings name, and the built-in ``demo`` provider is one of them."""

from __future__ import annotations

import pytest

from qyzmet.accounts import identity
from qyzmet.accounts.identity import (
    DemoProvider,
    IdentityProvider,
    ProviderRegistry,
    SignInStarted,
    identity_provider,
)
from qyzmet.accounts.models import User
from tests.accounts.helpers import code_sent_to

pytestmark = pytest.mark.django_db


class TrustEveryone(IdentityProvider):
    """A test provider: any IIN, answer 'yes'."""

    name = "trust"
    title = {"kk": "Сенім", "ru": "Доверие", "en": "Trust"}

    def start(self, *, identifier, language, channel, requester, address=None):
        return SignInStarted(identifier=identifier.strip())

    def verify(self, *, identifier, response, language, channel, requester, address=None):
        assert response == "yes"
        return User.objects.get_or_create(username=identifier, iin=identifier)[0]


def test_the_demo_provider_is_built_in_and_chosen_by_default():
    assert isinstance(identity_provider(), DemoProvider)
    assert set(identity.providers) == {"demo"}


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
    settings.IDENTITY_PROVIDER = "trust"
    assert client.post("/sign-in/", {"iin": "850101300124"}).url == "/sign-in/code/"
    response = client.post("/sign-in/code/", {"code": "yes"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(iin="850101300124").pk)
