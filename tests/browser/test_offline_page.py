"""When the network is gone the portal shows its offline notice, which the service worker
keeps from its installation. That copy is fetched without the person's cookies: it holds
nobody's session (no names, no counts, no sign-out form), so it says its notice in every
language; and its answer cannot overwrite the cookies of a sign-in happening meanwhile."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen

READY = "navigator.serviceWorker.ready.then((ready) => Boolean(ready.active))"
UNREGISTER = """navigator.serviceWorker.getRegistrations().then((registrations) =>
    Promise.all(registrations.map((registration) => registration.unregister())))"""
CONTROLLED = "Boolean(navigator.serviceWorker.controller)"


def test_the_offline_notice_kept_while_signed_in_holds_nobodys_session(page, demo_site):
    sign_in_as_citizen(page, demo_site["citizens"]["young_adult"])
    page.evaluate(UNREGISTER)
    page.goto("/")  # installed again, now while signed in
    assert page.evaluate(READY)
    page.reload()  # a page the worker controls
    assert page.evaluate(CONTROLLED)

    page.context.set_offline(True)
    try:
        page.goto("/applications/")
    finally:
        page.context.set_offline(False)

    assert page.locator("h1").inner_text() == "Нет подключения к интернету"
    header = page.locator("header").inner_text()
    assert "Войти" in header
    assert "Выйти" not in header
    assert page.locator("main section[lang=kk] h2").inner_text() == "Интернет байланысы жоқ"
    assert page.locator("main section[lang=en] h2").inner_text() == "You are offline"
    screenshot(page, "offline-ru")
