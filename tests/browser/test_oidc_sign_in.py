"""Signing in through the OpenID provider in a real browser: the demo served with
`QYZMET_IDENTITY_PROVIDERS=oidc,demo`, the provider the tests use (`oidc-provider` from npm)
as a process of its own, Chromium going from the portal to its login page and back."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.served import database_like_the_suite, free_port, served_demo
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BUTTON = {
    "en": "Continue with eGov ID",
    "ru": "Продолжить через: eGov ID",
    "kk": "Жалғастыру: eGov ID",
}


@pytest.fixture(scope="module")
def oidc_site(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("oidc-site")
    port = free_port()
    callback = f"http://127.0.0.1:{port}/sign-in/oidc/callback/"
    with (
        running_provider(folder, redirect_uris=[callback]) as provider,
        database_like_the_suite() as database_url,
    ):
        settings = {
            "QYZMET_IDENTITY_PROVIDERS": "oidc,demo",
            "QYZMET_OIDC_ISSUER": provider.issuer,
            "QYZMET_OIDC_CLIENT_ID": CLIENT_ID,
            "QYZMET_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "QYZMET_OIDC_TITLE": "eGov ID",
        }
        with served_demo(
            folder, people=600, port=port, settings=settings, database_url=database_url
        ) as served:
            citizens = dict(re.findall(r"^\s{4}(\w+)\s+(\d{12})$", served.printed, flags=re.M))
            yield {"url": served.url, "provider": provider, "citizens": citizens,
                   "env": served.env}  # fmt: skip


def full_name(site: dict[str, Any], iin: str) -> str:
    """The name of the account with ``iin``, as the demo's database holds it."""
    code = (
        "from qyzmet.accounts.models import User; "
        f"print(User.objects.get(iin={iin!r}).get_full_name())"
    )
    done = subprocess.run(
        [sys.executable, "-m", "qyzmet.cli", "shell", "-c", code], env=site["env"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]  # after what the shell says it imported


def test_a_citizen_signs_in_through_the_openid_provider(browser, oidc_site):
    context = browser.new_context(base_url=oidc_site["url"], locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    iin = oidc_site["citizens"]["parent"]
    page.goto("/sign-in/")
    with page.expect_navigation():
        page.get_by_role("link", name=BUTTON["en"]).click()
    assert page.url.startswith(f"{oidc_site['provider'].issuer}/interaction/")
    page.get_by_label("Login (IIN)").fill(iin)
    with page.expect_navigation(url=f"{oidc_site['url']}/"):
        page.get_by_role("button", name="Sign in").click()
    greeting = page.locator(".signed-in-as").inner_text()
    assert greeting == f"You are signed in as {full_name(oidc_site, iin)}."
    assert page.get_by_role("link", name="My applications").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_sign_in_page_names_the_provider_in_each_language(browser, oidc_site, language):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(
            base_url=oidc_site["url"], viewport=viewport, extra_http_headers={
                "Accept-Language": language}
        )  # fmt: skip
        page = context.new_page()
        page.goto("/sign-in/")
        button = page.get_by_role("link", name=BUTTON[language])
        assert button.is_visible()
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
        assert page.locator("input[name=iin]").is_visible()  # the demo provider beside it
        screenshot(page, f"sign-in-oidc-{language}-{name}")
        context.close()
