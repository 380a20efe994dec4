"""A citizen signs in with their EDS through NCALayer, and signs an application with it: the
page's script asks NCALayer (here a stand-in holding a test key, its own process) to sign the
text or the application's document, posts it, and the citizen is signed in or the application
submitted, signed, the certificate checked against the test national CA's OCSP responder."""

from __future__ import annotations

import datetime
import os
import re
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from tests.browser.conftest import screenshot
from tests.browser.journeys import fill_date
from tests.served import database_like_the_suite, free_port, served_demo, start_process
from tests.support.pki import ServedPKI

ROOT = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def ncalayer_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def eds_site(
    tmp_path_factory: Any, eds_pki: ServedPKI, ncalayer_port: int
) -> Iterator[dict[str, Any]]:
    """The demo served with the `eds` provider on, trusting the test national CA, and
    looking for NCALayer where the stand-in listens."""
    folder = tmp_path_factory.mktemp("eds-site")
    wanted = {
        "QYZMET_IDENTITY_PROVIDERS": "demo,eds",
        "QYZMET_EDS_CA_CERTS": str(eds_pki.ca_folder),
        "QYZMET_EDS_NCALAYER_URL": f"ws://127.0.0.1:{ncalayer_port}",
    }
    before = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        with (
            database_like_the_suite() as database_url,
            served_demo(folder, people=300, database_url=database_url) as served,
        ):
            citizens = dict(re.findall(r"^\s{4}(\w+)\s+(\d{12})$", served.printed, flags=re.M))
            # an address the registry holds
            (rca,) = served.sql("SELECT rca FROM registries_building ORDER BY id LIMIT 1")[0]
            yield {"url": served.url, "citizens": citizens, "rca": rca}
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def ncalayer(
    tmp_path_factory: Any, eds_pki: ServedPKI, eds_site: dict[str, Any], ncalayer_port: int
) -> Iterator[str]:
    """NCALayer's stand-in holding the key of a citizen of the served demo; yields the IIN."""
    iin = next(iter(eds_site["citizens"].values()))
    issued = eds_pki.pki.person(iin, surname="ТЕСТОВА", first_name="АЙГЕРІМ", patronymic="")
    folder = tmp_path_factory.mktemp("ncalayer")
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
        yield iin
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_citizen_signs_in_with_their_eds_through_ncalayer(
    browser: Any, eds_site: dict[str, Any], ncalayer: str
) -> None:
    context = browser.new_context(base_url=eds_site["url"], locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto("/sign-in/")
        page.get_by_role("link", name="Sign in with EDS (electronic digital signature)").click()
        assert "<purpose>sign-in</purpose>" in page.locator("#signature-document").input_value()

        page.get_by_role("button", name="Sign with NCALayer").click()

        page.wait_for_url(eds_site["url"] + "/")
        assert page.get_by_role("link", name="My applications").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_eds_page_reads_in_each_language_on_desktop_and_phone(
    browser: Any, eds_site: dict[str, Any], language: str, viewport: str
) -> None:
    context = browser.new_context(
        base_url=eds_site["url"], locale=language, viewport=VIEWPORTS[viewport],
        extra_http_headers={"Accept-Language": language},
    )  # fmt: skip
    page = context.new_page()
    try:
        page.goto("/sign-in/eds/signature/")
        assert page.locator("#ncalayer").is_visible()  # the script found WebSocket and showed it
        page.locator("#signed").fill("<login>not signed</login>")
        page.locator("#signature-form button[type=submit]").click()
        assert page.locator(".error-summary").is_visible()
        assert page.locator("#signed").is_visible()  # the page stays usable
        scrollable = page.evaluate("document.documentElement.scrollWidth")
        assert scrollable <= VIEWPORTS[viewport]["width"]  # nothing wider than the screen
        screenshot(page, f"eds-sign-in-{language}-{viewport}")
        if os.environ.get("QYZMET_EDS_PNG"):
            Path(os.environ["QYZMET_EDS_PNG"]).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=f"{os.environ['QYZMET_EDS_PNG']}/eds-{language}-{viewport}.png",
                full_page=True,
            )
    finally:
        context.close()


def _to_review(page: Any, rca: str) -> None:
    """From a signed-in page: a notification that needs an EDS signature, filled to review."""
    service = "business-start-notification"
    page.goto(f"/services/{service}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    if "/check/" in page.url:
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
    page.locator(f"#f-{service}-premises_address_rca").fill(rca)  # a made-up one is refused
    page.locator(f"#f-{service}-activity_type").select_option("retail_shop")
    opening = datetime.date.today() + datetime.timedelta(days=30)  # it is notified beforehand
    fill_date(page, service, "start_date", str(opening.day), str(opening.month), str(opening.year))
    page.locator(f"#f-{service}-sanitary_compliance").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert page.url.endswith("/review/"), page.locator("main").inner_text()


def _signed_in(browser: Any, eds_site: dict[str, Any], **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(base_url=eds_site["url"], **options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/sign-in/eds/signature/")
    page.locator(".ncalayer-sign").click()
    page.wait_for_url(eds_site["url"] + "/")
    return context, page


def test_a_citizen_signs_an_application_with_their_eds_through_ncalayer(
    browser: Any, eds_site: dict[str, Any], ncalayer: str
) -> None:
    context, page = _signed_in(browser, eds_site, locale="en-GB")
    try:
        _to_review(page, eds_site["rca"])
        assert page.locator("#sign-eds #ncalayer").is_visible()  # the script is on the page

        with page.expect_navigation():
            page.get_by_role("button", name="Sign with NCALayer").click()

        assert "/review/" not in page.url, page.locator("main").inner_text()
        assert page.locator("h1").inner_text() == "Application submitted"
        with page.expect_navigation():
            page.get_by_role("link", name="See your application").click()
        main = page.locator("main").inner_text()
        assert "With an EDS: ТЕСТОВА АЙГЕРІМ, certificate" in main
    finally:
        context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_review_page_offers_ncalayer_in_each_language_on_desktop_and_phone(
    browser: Any, eds_site: dict[str, Any], ncalayer: str, language: str, viewport: str
) -> None:
    context, page = _signed_in(
        browser, eds_site, locale=language, viewport=VIEWPORTS[viewport],
        extra_http_headers={"Accept-Language": language},
    )  # fmt: skip
    try:
        _to_review(page, eds_site["rca"])
        assert page.locator("#ncalayer").is_visible()
        assert page.locator("#signed-xml").is_visible()  # pasting stays possible
        scrollable = page.evaluate("document.documentElement.scrollWidth")
        assert scrollable <= VIEWPORTS[viewport]["width"]  # nothing wider than the screen
        screenshot(page, f"eds-review-{language}-{viewport}")
        if os.environ.get("QYZMET_EDS_PNG"):
            Path(os.environ["QYZMET_EDS_PNG"]).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=f"{os.environ['QYZMET_EDS_PNG']}/review-{language}-{viewport}.png",
                full_page=True,
            )
    finally:
        context.close()
