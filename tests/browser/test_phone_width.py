"""On a phone 390 px wide nothing a person needs is cut off or scrolls sideways: the page does
not, and no table, chart or scroll region in it is wider than the room it has. Tables become
one block per row with each value under its column's name; charts draw each name above its
bars at a size that reads. On a desktop the tables stay tables and the charts stay as wide.

The queue, the statistics and the dashboard once scrolled sideways on a phone (the queue took
the whole page 639 px wide; the charts scrolled inside a region 42rem wide)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen, sign_in_as_officer

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
OFFICER = "officer-internal-affairs"
OPEN_EVERY_TABLE = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
# What is wider than its room: the page, and each table, chart, figure and scroll region shown
# in main (the chart drawn for the other size is not shown).
TOO_WIDE = """() => {
  const found = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth) {
    found.push(`the page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
  }
  const main = document.querySelector('main');
  for (const el of main.querySelectorAll('table, svg, figure, .table-scroll')) {
    if (el.getClientRects().length === 0) continue;
    const name = `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}`;
    const box = el.getBoundingClientRect();
    const room = el.parentElement.getBoundingClientRect();
    if (box.right > room.right + 1) found.push(`${name} is cut off: ${box.right} > ${room.right}`);
    if (el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return found;
}"""
# Each stacked cell's label is its column's heading.
MISLABELLED = """() => [...document.querySelectorAll('main table.stack-on-phone')].flatMap(
  table => {
  const headings = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.cells].flatMap(
    (cell, column) => cell.matches('td[data-label]') &&
      !headings[column].startsWith(cell.dataset.label) ?
      [`${cell.dataset.label} under ${headings[column]}`] : []));
})"""
# The size a chart's text is drawn at, as a share of the size it was written at.
CHART_SCALES = """() => [...document.querySelectorAll('main figure.chart svg')]
  .filter(svg => svg.getClientRects().length)
  .map(svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""


def _context(browser: Any, demo_site: dict[str, Any]) -> Any:
    context = browser.new_context(base_url=demo_site["url"], viewport=PHONE)
    context.set_default_timeout(15_000)
    return context


def _in_language(page: Any, demo_site: dict[str, Any], language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo_site["url"]}]
    )


def _fits_a_phone_and_a_desktop(page: Any, path: str, name: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(path)
    page.evaluate(OPEN_EVERY_TABLE)
    assert page.evaluate(TOO_WIDE) == [], f"{path} on a phone"
    assert page.evaluate(MISLABELLED) == [], path
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    assert page.evaluate(TOO_WIDE) == [], f"{path} on a desktop"
    tables = page.locator("main table").evaluate_all(
        "tables => tables.map(t => getComputedStyle(t).display)"
    )
    assert set(tables) <= {"table"}, "a table on a desktop"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_statistics_fit_a_phone_with_charts_that_read(browser, demo_site, language):
    page = _context(browser, demo_site).new_page()
    _in_language(page, demo_site, language)
    page.goto("/statistics/")
    scales = page.evaluate(CHART_SCALES)
    assert len(scales) == 3, "journeys, agencies and services"
    assert min(scales) >= 0.85, f"the charts' text shrunk to fit: {scales}"
    _fits_a_phone_and_a_desktop(page, "/statistics/", f"statistics-{language}")
    assert page.locator("main figure.chart .chart-wide svg").first.is_visible()
    page.context.close()


def test_the_citizens_applications_and_their_pages_fit_a_phone(browser, demo_site):
    page = _context(browser, demo_site).new_page()
    sign_in_as_citizen(page, demo_site["citizens"]["entrepreneur"])  # a fee to pay
    page.goto("/applications/")
    applications = page.locator("main a[href^='/applications/']").evaluate_all(
        "links => [...new Set(links.map(a => a.pathname))]"
    )
    assert applications
    for language in ("kk", "ru", "en"):
        _in_language(page, demo_site, language)
        for path in ("/applications/", *applications, "/data-tracker/", "/offers/"):
            _fits_a_phone_and_a_desktop(page, path, f"citizen-{language}")
    page.context.close()


def test_the_back_office_queue_case_and_dashboard_fit_a_phone(browser, demo_site):
    page = _context(browser, demo_site).new_page()
    sign_in_as_officer(page, OFFICER)
    page.goto("/back-office/")
    assert page.locator("main table.bo-queue tbody tr").count() >= 2
    case = page.locator("main table a[href*='/back-office/cases/']").first.get_attribute("href")
    for language in ("kk", "ru", "en"):
        _in_language(page, demo_site, language)
        _fits_a_phone_and_a_desktop(page, "/back-office/", f"back-office-queue-{language}")
        # on a phone a row of the queue is a block: its reference above its service
        page.set_viewport_size(PHONE)
        row = page.locator("main table.bo-queue tbody tr").first
        reference = row.locator("td.bo-reference").bounding_box()
        service = row.locator("td").nth(2).bounding_box()
        assert service["y"] >= reference["y"] + reference["height"] - 1
        _fits_a_phone_and_a_desktop(page, case, f"back-office-case-{language}")
        assert page.locator("main table").count() >= 1, "the registry extract"
        _fits_a_phone_and_a_desktop(page, "/back-office/dashboard/", f"dashboard-{language}")
    page.context.close()
