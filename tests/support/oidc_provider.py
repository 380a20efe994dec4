"""The OpenID provider the tests sign in through: `tests/counterparts/oidc-provider` (the
certified `oidc-provider` package from npm) run by Node.js as a process of its own, on a free
port, and a person using it (over HTTP, as a browser would: its login page, its cookies).

Its pinned packages are installed with `npm ci` once (``tests.support.npm``); without `node`
or `npm` the tests that need the provider are skipped, saying so."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx

from tests.served import free_port
from tests.support.npm import npm_installed

FOLDER = Path(__file__).resolve().parent.parent / "counterparts" / "oidc-provider"
CLIENT_ID = "qyzmet"
CLIENT_SECRET = "qyzmet-test-secret"


def install_provider() -> None:
    """The provider's packages, installed with `npm ci` on first use."""
    npm_installed(FOLDER, needed_for="the OpenID provider the OpenID Connect tests sign in through")


class OpenIdProvider:
    """One `node server.js` on ``port``; ``restart`` with other settings keeps the issuer."""

    def __init__(self, *, port: int, redirect_uris: list[str], log: Path, **env: str) -> None:
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        self.redirect_uris = redirect_uris
        self.log = log
        self.env = env
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, **env: str) -> OpenIdProvider:
        settings = {
            "PORT": str(self.port), "ISSUER": self.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_REDIRECT_URIS": ",".join(self.redirect_uris),
            **self.env, **env,
        }  # fmt: skip
        with self.log.open("a") as output:
            self._process = subprocess.Popen(
                ["node", "server.js"], cwd=FOLDER, env={**os.environ, **settings},
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self._process.poll() is None, self.log.read_text()
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration").is_success:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"the OpenID provider did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)
        self._process = None

    def restart(self, **env: str) -> None:
        self.stop()
        self.start(**env)


@contextmanager
def running_provider(
    folder: Path, *, redirect_uris: list[str], port: int | None = None, **env: str
) -> Iterator[OpenIdProvider]:
    install_provider()
    provider = OpenIdProvider(
        port=port or free_port(), redirect_uris=redirect_uris, log=folder / "oidc-provider.log",
        **env,
    )  # fmt: skip
    try:
        yield provider.start()
    finally:
        provider.stop()


def provider_answer(
    person: httpx.Client, url: str, *, redirect_uri: str, login: str | None
) -> dict[str, str]:
    """What the provider sends back to ``redirect_uri`` (the callback's query) after
    ``person`` followed ``url`` and typed ``login`` on its login page (``None``: pressed
    Cancel). A person already signed in there comes straight back."""
    response = person.get(url)
    for _ in range(12):
        if response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(redirect_uri):
                return dict(parse_qsl(urlsplit(location).query))
            response = person.get(location)
            continue
        found = re.search(r'action="(/interaction/[\w-]+)/login"', response.text)
        assert response.status_code == 200 and found, response.text
        if login is None:
            response = person.post(urljoin(str(response.url), f"{found.group(1)}/abort"))
        else:
            response = person.post(
                urljoin(str(response.url), f"{found.group(1)}/login"), data={"login": login}
            )
    raise AssertionError("the provider never sent the person back")


def query_string(query: Mapping[str, str]) -> str:
    return str(httpx.QueryParams(query))
