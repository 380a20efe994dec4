"""A citizen opens, from the data tracker, a request's proof in the audit log: the page says
whether it is sealed and how to check it, in their language, and fits a phone and a desktop;
once sealed the proof downloads as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from qyzmet.audit.sealing import seal_audit_log
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, WatchedBrowser, screenshot
from tests.browser.test_phone_width import DESKTOP, PHONE, TOO_WIDE
from tests.factories import CitizenFactory
from tests.tracker.test_proofs import recorded
from tests.tracker.test_proofs_withheld import opened_by_officer

# committed for the live server's threads; the registries and catalogue are loaded again when
# an earlier test of the session flushed them (``committed_platform``)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser():
    """A browser of this module's own, closed when its tests end. Playwright's sync API keeps an
    event loop in the test's thread while it runs, where these tests set up their data for the
    live server (synchronous work all the same): Django's refusal is lifted while it runs, and
    neither the browser nor the lifted refusal outlives this module (later tests set up their
    databases in this thread, and a deployment check refuses a process started with it)."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(launched)
        launched.close()


def _signed_in(browser, live_server, citizen, language: str):
    client = Client()
    client.force_login(citizen)
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(60_000)  # a loaded machine
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context.new_page()


def test_a_requests_proof_is_shown_and_downloads(browser, live_server, committed_platform):
    citizen = CitizenFactory(iin="900101300001")
    waiting = recorded(iin=citizen.iin, message_id="a1b2c3d4e5f60718293a4b5c6d7e8f90")
    path = f"/data-tracker/{waiting.message_id}/proof/"
    pages = {language: _signed_in(browser, live_server, citizen, language)
             for language in ("kk", "ru", "en")}  # fmt: skip
    for language, page in pages.items():
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto("/data-tracker/")
            assert page.locator(f"a[href='{path}']").count() == 1
            screenshot(page, f"data-tracker-{language}-{name}")
            page.goto(path)
            assert page.evaluate(TOO_WIDE) == [], f"{path} on a {name}"
            screenshot(page, f"data-tracker-proof-waiting-{language}-{name}")
    seal_audit_log()
    for language, page in pages.items():
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto(path)
            assert page.evaluate(TOO_WIDE) == [], f"{path} on a {name}"
            screenshot(page, f"data-tracker-proof-{language}-{name}")
    page = pages["en"]
    with page.expect_download() as download:
        page.locator("a[download]").click()
    proof = json.loads(Path(download.value.path()).read_text())
    assert proof["record"]["object_id"] == str(waiting.pk)
    for page in pages.values():
        page.context.close()


def test_an_officers_read_is_given_on_request_and_a_wrong_record_is_not_provable(
    browser, live_server, committed_platform
):
    citizen = CitizenFactory(iin="900101300001")
    officer = get_user_model().objects.create_user(username="aigerim.officer")  # no catalogue
    opened = opened_by_officer(citizen.iin, officer)
    pointed = recorded(iin=citizen.iin, message_id="b1b2c3d4e5f60718293a4b5c6d7e8f90")
    other = recorded(iin=citizen.iin, message_id="c1b2c3d4e5f60718293a4b5c6d7e8f90")
    seal_audit_log()
    type(pointed).objects.filter(pk=pointed.pk).update(audit_record=other.audit_record)
    for language in ("kk", "ru", "en"):
        page = _signed_in(browser, live_server, citizen, language)
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            for state, access in (("on-request", opened), ("not-provable", pointed)):
                page.goto(f"/data-tracker/{access.message_id}/proof/")
                assert page.evaluate(TOO_WIDE) == [], f"{state} on a {name}"
                assert page.locator("a[download]").count() == 0
                assert officer.username not in page.content()
                screenshot(page, f"data-tracker-proof-{state}-{language}-{name}")
        page.context.close()
