"""The page as a person sees it: a header one line tall on a phone whose Menu reveals the links
(with or without JavaScript), a desktop header whose main links fit one line with the rest in
the Account menu, and tables that fit a phone's screen."""

from __future__ import annotations

from typing import Any

import pytest

from qyzmet.portal.templatetags.portal import PRIMARY_LIMIT
from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


def opened(browser: Any, demo_site: dict[str, Any], viewport: dict[str, int], language: str,
           **options: Any) -> Any:  # fmt: skip
    context = browser.new_context(
        base_url=demo_site["url"], viewport=viewport, locale=LOCALES[language], **options
    )
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_site["url"]}])
    return context.new_page()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_on_a_phone_the_signed_in_header_is_one_line_and_the_menu_reveals_the_links(
    browser, demo_site, language
):
    phone = opened(browser, demo_site, PHONE, language)
    sign_in_as_citizen(phone, demo_site["citizens"]["parent"])
    phone.goto("/applications/")
    header = phone.locator(".header-row").bounding_box()
    brand = phone.locator(".brand").bounding_box()
    assert header["height"] <= brand["height"] + 2 * 16 + 4  # one line: the brand and padding
    menu = phone.locator("details.header-menu > summary")
    assert menu.is_visible()
    assert abs(menu.bounding_box()["y"] - brand["y"]) < brand["height"]  # beside the brand
    tracker = phone.locator(".header-menu-panel a[href='/data-tracker/']")
    assert not tracker.is_visible()
    assert phone.locator("nav.service-nav").is_hidden()
    menu.click()
    assert tracker.is_visible()
    assert phone.locator(".header-menu-panel a[href='/applications/']").is_visible()
    screenshot(phone, f"header-menu-{language}-phone")
    phone.context.close()


def test_the_phone_menu_opens_without_javascript(browser, demo_site):
    phone = opened(browser, demo_site, PHONE, "en", java_script_enabled=False)
    phone.goto("/")
    sign_in = phone.locator(".header-menu-panel a[href='/sign-in/']")
    assert not sign_in.is_visible()
    phone.get_by_text("Menu", exact=True).click()
    assert sign_in.is_visible()
    phone.locator(".header-menu-panel").get_by_role("button", name="Русский").click()
    assert phone.locator("html").get_attribute("lang") == "ru"
    phone.context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_on_a_desktop_the_main_links_fit_one_line_and_the_account_menu_holds_the_rest(
    browser, demo_site, language
):
    desktop = opened(browser, demo_site, DESKTOP, language)
    sign_in_as_citizen(desktop, demo_site["citizens"]["parent"])
    desktop.goto("/applications/")
    links = desktop.locator("nav.service-nav a")
    assert 2 <= links.count() <= PRIMARY_LIMIT
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1  # one line
    brand = desktop.locator(".brand").bounding_box()
    languages = desktop.locator(".header-wide .language-switch").bounding_box()
    assert abs(languages["y"] - brand["y"]) < brand["height"]  # the header row is one line too
    tracker = desktop.locator(".account-menu a[href='/data-tracker/']")
    assert not tracker.is_visible()
    summary = desktop.locator("details.account-menu > summary")
    summary.click()
    assert tracker.is_visible()
    screenshot(desktop, f"header-account-menu-{language}-desktop")
    desktop.keyboard.press("Escape")  # the static script closes it, focus back on its button
    assert not tracker.is_visible()
    assert desktop.evaluate("document.activeElement.closest('details.account-menu') !== null")
    summary.click()
    desktop.mouse.click(20, DESKTOP["height"] - 100)  # a click elsewhere closes it too
    assert not tracker.is_visible()
    summary.click()
    tracker.click()
    assert "/data-tracker/" in desktop.url
    desktop.context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_on_a_phone_the_life_situation_starts_at_the_top_and_no_table_overflows(
    browser, demo_site, language
):
    phone = opened(browser, demo_site, PHONE, language)
    phone.goto("/life-situations/moving/")
    start = phone.locator("form[action='/apply/'] button[type=submit]").bounding_box()
    table = phone.locator("main table").first.bounding_box()
    assert start["y"] < table["y"]
    assert start["y"] < PHONE["height"]  # seen without scrolling
    fits = phone.evaluate(
        """() => {
          const main = document.querySelector('main');
          return [...main.querySelectorAll('table, .table-scroll')].every(
            (el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollWidth <= main.clientWidth
          ) && main.scrollWidth <= main.clientWidth;
        }"""
    )
    assert fits
    deadline = phone.locator("main td[data-label]").nth(3).bounding_box()
    assert deadline["x"] + deadline["width"] <= PHONE["width"]  # the legal deadline is on screen
    screenshot(phone, f"life-situation-{language}-phone")
    phone.context.close()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_footer_leads_to_pages_that_answer_in_the_persons_language(
    browser, demo_site, language
):
    phone = opened(browser, demo_site, PHONE, language)
    phone.goto("/")
    hrefs = phone.locator("footer a").evaluate_all("(links) => links.map((a) => a.pathname)")
    assert {"/help/", "/contact/", "/privacy/", "/accessibility/"} <= set(hrefs)
    for path in ("/help/", "/contact/", "/privacy/", "/accessibility/"):
        response = phone.goto(path)
        assert response.status == 200
        assert phone.locator("html").get_attribute("lang") == language
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(phone, f"footer{path.rstrip('/').replace('/', '-')}-{language}-phone")
    banner = phone.locator(".phase-banner")
    assert banner.is_visible()
    banner.locator("a").click()
    assert phone.url.endswith("/contact/#feedback")
    phone.context.close()
