"""Every page of the main journeys passes axe-core with no serious or critical violation, in
Kazakh, Russian and English, on a desktop and on a phone; and each page is saved as a picture
(with QYZMET_SCREENSHOTS=FOLDER) for whoever changes a template to look at.

One walk per language through the citizen's and the officer's journeys, each page checked at
both sizes without loading it again; nothing is submitted, so the demo stays as other browser
tests expect it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.browser.journeys import (
    ask_for_sign_in_code,
    continue_,
    enter_sign_in_code,
    sign_in_as_officer,
)
from tests.support.axe import axe, serious_violations

__all__ = ["axe"]  # the fixture, used by the tests below

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
# A citizen per language, so that one walk's drafts do not meet another's.
CITIZENS = {"kk": "parent", "ru": "pensioner", "en": "entrepreneur"}
OFFICER = "officer-internal-affairs"
APPLICATION = re.compile(r"/applications/[0-9a-f-]{36}/$")
INLINE_SCRIPT = "Executing inline script violates"
RUN_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineScriptRan = true";
  document.head.append(script);
  return window.inlineScriptRan === true;
}"""
OPEN_EVERY_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


class Looker:
    """Checks the page it is shown at each viewport and keeps what axe found, by page."""

    def __init__(self, page: Any, script: Path, language: str) -> None:
        self.page = page
        self.script = script
        self.language = language
        self.found: dict[str, list[str]] = {}

    def look(self, name: str) -> None:
        self.page.evaluate(OPEN_EVERY_DETAILS)  # folded tables are read too
        for viewport, size in VIEWPORTS.items():
            self.page.set_viewport_size(size)
            violations = serious_violations(self.page, self.script)
            if violations:
                self.found[f"{name} ({self.language}, {viewport}, {self.page.url})"] = violations
            screenshot(self.page, f"{name}-{self.language}-{viewport}")
        self.page.set_viewport_size(VIEWPORTS["desktop"])

    def report(self) -> str:
        return "\n".join(
            f"{page}:\n  " + "\n  ".join(violations) for page, violations in self.found.items()
        )


def _context(browser: Any, demo_site: dict[str, Any], language: str) -> Any:
    context = browser.new_context(
        base_url=demo_site["url"],
        locale=LOCALES[language],
        viewport=VIEWPORTS["desktop"],
    )  # no bypass_csp: pages are checked under the policy they are served with
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_site["url"]}])
    return context


def _answer_every_question(page: Any, *, prefer: str) -> None:
    """Pick an answer for each group of radio buttons in the page's form (``prefer`` where
    it is offered), the first choice of each list, and tick required boxes."""
    form = page.locator("main form").last
    names = form.locator("input[type=radio]").evaluate_all(
        "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    for name in names:
        preferred = form.locator(f"input[type=radio][name='{name}'][value='{prefer}']")
        choice = preferred if preferred.count() else form.locator(f"input[name='{name}']").first
        choice.check()
    for select in form.locator("select").all():
        if not select.input_value():
            select.select_option(index=1)
    for box in form.locator("input[type=checkbox][required]").all():
        box.check()


def _start(page: Any, path: str) -> None:
    page.goto(path)
    with page.expect_navigation():
        page.locator("main form[action$='/apply/'] button[type=submit]").last.click()


def test_the_walk_reports_a_violation_on_a_page_under_its_policy(browser, demo_site, axe):
    """The walk sees what it should: on a page served with its Content-Security-Policy in force
    (an inline script is refused), a nameless button added to it is reported as critical."""
    context = _context(browser, demo_site, "en")
    page = context.new_page()
    served = page.goto("/")
    assert "script-src 'self'" in served.headers["content-security-policy"]
    assert serious_violations(page, axe) == []
    with page.expect_console_message(lambda message: INLINE_SCRIPT in message.text):
        assert page.evaluate(RUN_INLINE_SCRIPT) is False  # the policy is in force, not bypassed
    browser.violations[:] = [v for v in browser.violations if INLINE_SCRIPT not in v]  # ours
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    found = serious_violations(page, axe)
    context.close()
    assert [line.split(":")[0] for line in found] == [
        "button-name [critical] Buttons must have discernible text"
    ]


@pytest.fixture(scope="module")
def officer_page(browser: Any, demo_site: dict[str, Any]) -> Iterator[Any]:
    """One officer, signed in once for every language (a code works once)."""
    context = _context(browser, demo_site, "en")
    page = context.new_page()
    sign_in_as_officer(page, OFFICER)
    yield page
    context.close()


@pytest.mark.parametrize("language", list(LOCALES))
def test_the_citizens_pages_have_no_serious_accessibility_violation(
    browser, demo_site, axe, language
):
    context = _context(browser, demo_site, language)
    page = context.new_page()
    looker = Looker(page, axe, language)
    iin = demo_site["citizens"][CITIZENS[language]]

    for name, path in (
        ("home", "/"),
        ("life-situation", "/life-situations/moving/"),
        ("service", "/services/criminal-record-certificate/"),
        ("statistics", "/statistics/"),
        ("verify", "/verify/"),
        ("sign-in", "/sign-in/"),
    ):
        page.goto(path)
        looker.look(name)
    ask_for_sign_in_code(page, iin)
    looker.look("sign-in-code")
    enter_sign_in_code(page, iin)

    _start(page, "/life-situations/moving/")
    page.wait_for_url("**/questions/")
    looker.look("apply-questions")
    _answer_every_question(page, prefer="no")
    continue_(page)
    looker.look("apply-services")
    continue_(page)
    looker.look("apply-check")
    continue_(page)
    looker.look("apply-details")

    _start(page, "/services/criminal-record-certificate/")
    if "/check/" in page.url:
        continue_(page)
    _answer_every_question(page, prefer="other")
    continue_(page)
    assert "/review/" in page.url, page.locator("main").inner_text()
    looker.look("apply-review")

    for name, path in (("my-applications", "/applications/"), ("inbox", "/inbox/"),
                       ("preferences", "/account/")):  # fmt: skip
        page.goto(path)
        looker.look(name)
    page.goto("/applications/")
    links = page.locator("main a[href*='/applications/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    submitted = next((href for href in links if APPLICATION.search(href)), None)
    assert submitted, f"no application to open among {links}"
    page.goto(submitted)
    looker.look("application")
    context.close()
    assert not looker.found, "axe found serious or critical violations:\n" + looker.report()


@pytest.mark.parametrize("language", list(LOCALES))
def test_the_officers_pages_have_no_serious_accessibility_violation(
    browser, demo_site, axe, officer_page, language
):
    sign_in = _context(browser, demo_site, language)
    page = sign_in.new_page()
    looker = Looker(page, axe, language)
    page.goto("/back-office/sign-in/")
    looker.look("back-office-sign-in")
    sign_in.close()

    page = officer_page
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo_site["url"]}]
    )
    looker.page = page
    page.goto("/back-office/")
    looker.look("back-office-queue")
    case = page.locator("main table a[href*='/back-office/cases/']").first.get_attribute("href")
    page.goto(case)
    looker.look("back-office-case")
    page.goto("/back-office/dashboard/")
    looker.look("back-office-dashboard")
    assert not looker.found, "axe found serious or critical violations:\n" + looker.report()
