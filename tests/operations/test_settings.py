"""The settings operators set for this: where metrics are served, and the secret key's
previous values while it is rotated."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.http import HttpRequest

from qyzmet.conf import SETTINGS
from tests.factories import CitizenFactory

ADDRESS = next(s for s in SETTINGS if s.name == "QYZMET_METRICS_ADDRESS")
FALLBACKS = next(s for s in SETTINGS if s.name == "QYZMET_SECRET_KEY_FALLBACKS")


def test_metrics_are_off_unless_an_address_is_given():
    assert ADDRESS.parse("") is None
    assert ADDRESS.parse("127.0.0.1:9100") == ("127.0.0.1", 9100)
    assert ADDRESS.parse("[::1]:9100") == ("::1", 9100)


@pytest.mark.parametrize("wrong", ["9100", "localhost", "127.0.0.1:", "127.0.0.1:99999"])
def test_a_metrics_address_without_a_port_is_refused_with_an_example(wrong):
    with pytest.raises(ValueError, match=r"HOST:PORT, e\.g\. 127\.0\.0\.1:9100"):
        ADDRESS.parse(wrong)


@pytest.mark.django_db
def test_people_stay_signed_in_while_the_old_secret_key_is_a_fallback(client, settings):
    client.force_login(CitizenFactory())
    request = HttpRequest()
    request.session = client.session
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = FALLBACKS.parse(f"{old},an-older-one")
    assert get_user(request).is_authenticated
    settings.SECRET_KEY_FALLBACKS = []
    request.session = client.session
    assert not get_user(request).is_authenticated
