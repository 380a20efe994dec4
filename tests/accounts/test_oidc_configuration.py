"""A deployment that turns on sign-in through an OpenID provider must say which provider, as
whom, and reach it over https: otherwise it does not start."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qyzmet.accounts.oidc import oidc_configured
from qyzmet.conf import _client_auth, _scopes
from tests.core.test_deployment import production_env


def ids() -> list[str]:
    return [found.id for found in oidc_configured()]


def test_oidc_turned_on_without_its_provider_stops_the_server(settings):
    settings.IDENTITY_PROVIDERS = ["oidc"]
    settings.OIDC_ISSUER = settings.OIDC_CLIENT_ID = settings.OIDC_CLIENT_SECRET = ""
    [found] = oidc_configured()
    assert found.id == "qyzmet.E040"
    assert "QYZMET_OIDC_ISSUER, QYZMET_OIDC_CLIENT_ID, QYZMET_OIDC_CLIENT_SECRET" in found.msg
    settings.IDENTITY_PROVIDERS = ["demo"]
    assert ids() == []


def test_a_plain_http_issuer_is_for_a_demo_only(settings):
    settings.IDENTITY_PROVIDERS = ["oidc"]
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID = "http://idp.example", "qyzmet"
    settings.OIDC_CLIENT_SECRET = "secret"
    settings.DEMO = True
    assert ids() == []
    settings.DEMO = False
    assert ids() == ["qyzmet.E041"]
    settings.OIDC_ISSUER = "https://idp.example"
    assert ids() == []


def test_scopes_always_ask_for_openid_and_the_client_authentication_is_one_we_speak():
    assert _scopes("profile, email") == ["openid", "profile", "email"]
    assert _scopes("openid  email openid") == ["openid", "email"]
    assert _client_auth("client_secret_post") == "client_secret_post"
    with pytest.raises(ValueError):
        _client_auth("private_key_jwt")


def test_the_check_runs_in_every_qyzmet_process(tmp_path):
    env = production_env(
        tmp_path, QYZMET_IDENTITY_PROVIDERS="oidc", QYZMET_OIDC_ISSUER="http://idp.example"
    )
    done = subprocess.run(
        [sys.executable, "-m", "qyzmet.cli", "check"], env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "qyzmet.E040" in done.stderr and "QYZMET_OIDC_CLIENT_ID" in done.stderr
    assert "qyzmet.E041" in done.stderr
