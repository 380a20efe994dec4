"""The statistics page and the agency dashboard read at a glance on a desktop and a phone:
headline figures, charts, and the tables folded beneath them, fitting the screen's width.

They once were 9,257 px tall with tables scrolling sideways on a 1280 px wide desktop."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_officer

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
OFFICER = "officer-health"
OPEN_EVERY_TABLE = "document.querySelectorAll('details.data-table').forEach(d => d.open = true)"
OVERFLOWING = """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
  .filter(e => e.scrollWidth > e.clientWidth)
  .map(e => `${e.className || e.tagName}: ${e.scrollWidth} > ${e.clientWidth}`)"""
TICKS = "() => [...document.querySelectorAll('svg .axis.x text')].map(t => t.textContent)"


def _context(browser: Any, demo_site: dict[str, Any], language: str) -> Any:
    context = browser.new_context(base_url=demo_site["url"], viewport=DESKTOP)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_site["url"]}])
    return context


def _fits(page: Any, name: str) -> None:
    """Every chart's table is folded; opened, none is wider than a desktop, and the page never
    scrolls sideways on a phone. (The times at each stage are a table with no chart: shown.)"""
    staged = page.locator("main section[aria-labelledby='statistics-stages'] table").count()
    tables = page.locator("main table").count() - staged
    assert tables >= 2
    assert page.locator("main details.data-table:not([open]) table").count() >= tables - 1, (
        "every chart's table is folded under 'Show the data as a table'"
    )
    page.evaluate(OPEN_EVERY_TABLE)
    assert page.evaluate(OVERFLOWING) == [], f"{name} scrolls sideways on a desktop"
    screenshot(page, f"{name}-desktop-open")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_statistics_page_opens_on_headline_figures_and_its_tables_fit_a_desktop(
    browser, demo_site, language
):
    context = _context(browser, demo_site, language)
    page = context.new_page()
    page.goto("/statistics/")
    headline = page.locator("main .headline-figures li")
    assert headline.count() == 4
    assert headline.first.bounding_box()["y"] < DESKTOP["height"], "seen without scrolling"
    ticks = page.evaluate(TICKS)
    assert ticks and not {"0,0", "0.0"} & set(ticks), ticks
    _fits(page, f"statistics-{language}")
    context.close()


def test_the_agency_dashboard_folds_its_tables_and_fits_a_desktop(browser, demo_site):
    context = _context(browser, demo_site, "ru")
    page = context.new_page()
    sign_in_as_officer(page, OFFICER)
    for language in ("kk", "ru", "en"):
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": demo_site["url"]}]
        )
        page.goto("/back-office/dashboard/")
        assert not {"0,0", "0.0"} & set(page.evaluate(TICKS))
        _fits(page, f"back-office-dashboard-{language}")
    context.close()
