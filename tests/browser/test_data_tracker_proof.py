"""A citizen opens, from the data tracker, a request's proof in the audit log: the page says
whether it is sealed and how to check it, in their language, and fits a phone and a desktop;
once sealed (the demo's worker seals every minute) the proof downloads as JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen
from tests.browser.test_phone_width import DESKTOP, PHONE, TOO_WIDE, _in_language

SEAL_WAIT_SECONDS = 150  # the worker seals every minute


def _sealed(page, path: str) -> bool:
    deadline = time.monotonic() + SEAL_WAIT_SECONDS
    while time.monotonic() < deadline:
        page.goto(path)
        if page.locator("a[download]").count():
            return True
        page.wait_for_timeout(3000)
    return False


def test_a_requests_proof_is_shown_and_downloads(browser, demo_site):
    context = browser.new_context(
        base_url=demo_site["url"], viewport=DESKTOP, accept_downloads=True
    )
    context.set_default_timeout(60_000)  # a loaded machine
    page = context.new_page()
    sign_in_as_citizen(page, demo_site["citizens"]["entrepreneur"])
    page.goto("/data-tracker/")
    link = page.locator("a[href$='/proof/']").first
    path = link.get_attribute("href")
    assert path
    for language in ("kk", "ru", "en"):
        _in_language(page, demo_site, language)
        page.set_viewport_size(DESKTOP)
        page.goto("/data-tracker/")
        screenshot(page, f"data-tracker-{language}-desktop")
        page.set_viewport_size(PHONE)
        page.goto("/data-tracker/")
        screenshot(page, f"data-tracker-{language}-phone")
    assert _sealed(page, path), "not sealed within the wait"
    for language in ("kk", "ru", "en"):
        _in_language(page, demo_site, language)
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto(path)
            assert page.evaluate(TOO_WIDE) == [], f"{path} on a {name}"
            screenshot(page, f"data-tracker-proof-{language}-{name}")
    with page.expect_download() as download:
        page.locator("a[download]").click()
    proof = json.loads(Path(download.value.path()).read_text())
    assert {"record", "path", "tree_head"} <= proof.keys()
    context.close()
