"""An officer signs in to the back office with their EDS through NCALayer (the stand-in holding
the key of the person their account is tied to, its own process), where the deployment asks
officers for an EDS instead of a password; the sign-in page and the EDS page read in kk, ru
and en, on desktop and phone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from tests.backoffice.signing_in import officer_iin
from tests.browser.conftest import screenshot
from tests.browser.test_eds_signin_journey import VIEWPORTS, _wait_for_port
from tests.served import database_like_the_suite, free_port, served_demo, start_process
from tests.support.pki import ServedPKI

ROOT = Path(__file__).resolve().parents[2]
OFFICER = "officer-internal-affairs"  # a demo officer
HEADING = {"kk": "Бэк-офиске кіру", "ru": "Вход в бэк-офис", "en": "Sign in to the back office"}


@pytest.fixture(scope="module")
def ncalayer_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def back_office(
    tmp_path_factory: Any, eds_pki: ServedPKI, ncalayer_port: int
) -> Iterator[dict[str, Any]]:
    """The demo served with officers signing in by EDS only, trusting the test national CA,
    its officer `officer-internal-affairs` tied to a person (by the operators' command)."""
    folder = tmp_path_factory.mktemp("officers-eds")
    wanted = {
        "QYZMET_IDENTITY_PROVIDERS": "demo,eds",
        "QYZMET_OFFICER_IDENTITY_PROVIDERS": "eds",
        "QYZMET_EDS_CA_CERTS": str(eds_pki.ca_folder),
        "QYZMET_EDS_NCALAYER_URL": f"ws://127.0.0.1:{ncalayer_port}",
    }
    with (
        database_like_the_suite() as database_url,
        served_demo(folder, people=300, settings=wanted, database_url=database_url) as served,
    ):
        tied = subprocess.run(
            [sys.executable, "-m", "qyzmet.cli", "officers", "link", OFFICER],
            input=officer_iin() + "\n", env=served.env, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        assert tied.returncode == 0, tied.stderr
        yield {"url": served.url}


@pytest.fixture(scope="module")
def ncalayer(
    tmp_path_factory: Any, eds_pki: ServedPKI, back_office: dict[str, Any], ncalayer_port: int
) -> Iterator[None]:
    """NCALayer's stand-in holding the officer's key (a personal certificate of their IIN)."""
    issued = eds_pki.pki.person(officer_iin(), surname="ОФИЦЕРОВА", first_name="ДИНА")
    folder = tmp_path_factory.mktemp("ncalayer-officer")
    (folder / "cert.pem").write_bytes(issued.pem)
    (folder / "key.pem").write_bytes(
        issued.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    process = start_process(
        [sys.executable, "-m", "tests.counterparts.ncalayer", "--port", str(ncalayer_port),
         "--key", str(folder / "key.pem"), "--cert", str(folder / "cert.pem")],
        env=env, log=folder / "ncalayer.log",
    )  # fmt: skip
    try:
        _wait_for_port(ncalayer_port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_officer_signs_in_with_their_eds_through_ncalayer(
    browser: Any, back_office: dict[str, Any], ncalayer: None
) -> None:
    context = browser.new_context(base_url=back_office["url"], locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto("/back-office/")  # sent to the sign-in, which offers the EDS and no password
        assert page.get_by_role("heading", name="Sign in to the back office").is_visible()
        assert page.locator("input[name=password]").count() == 0
        page.get_by_role("link", name="Sign in with EDS (electronic digital signature)").click()

        page.get_by_role("button", name="Sign with NCALayer").click()

        page.wait_for_url(back_office["url"] + "/back-office/")
        assert page.get_by_role("link", name="Queue").is_visible()
        assert page.locator("span.bo-who").inner_text() == OFFICER  # the bar (the phone menu too)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_officers_sign_in_pages_read_in_each_language_on_desktop_and_phone(
    browser: Any, back_office: dict[str, Any], language: str, viewport: str
) -> None:
    context = browser.new_context(
        base_url=back_office["url"], locale=language, viewport=VIEWPORTS[viewport],
        extra_http_headers={"Accept-Language": language},
    )  # fmt: skip
    page = context.new_page()
    try:
        page.goto("/back-office/sign-in/")
        assert page.get_by_role("heading", name=HEADING[language], exact=True).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        screenshot(page, f"officer-sign-in-{language}-{viewport}")
        page.locator(".bo-sign-in-way a.button").click()
        page.wait_for_url("**/back-office/sign-in/eds/signature/")
        page.locator("#ncalayer").wait_for(state="visible")  # the script found WebSocket
        page.locator("#signed").fill("<login>not signed</login>")
        page.locator("#signature-form button[type=submit]").click()
        page.locator(".error-summary").wait_for(state="visible")
        assert page.locator("#signed").is_visible()  # the page stays usable
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        screenshot(page, f"officer-eds-{language}-{viewport}")
    finally:
        context.close()
