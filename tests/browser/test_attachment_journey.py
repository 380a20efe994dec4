"""A pensioner replaces their driving licence in Chromium and attaches the medical certificate:
the EICAR test file is refused by a real clamd with a message on the page, a PDF is taken, and
the application goes on to review and submission. The shared demo scans with clamd where it is
installed (tests/browser/conftest.py); skipped where it is not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.attachments.conftest import a_pdf
from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, sign_in_as_citizen
from tests.counterparts.clamd import EICAR

FIELD = "#file--driving-licence-replacement--medical-certificate"


@pytest.fixture
def page(browser: Any, demo_site: dict[str, Any]) -> Iterator[Any]:
    if not demo_site["scanned"]:
        pytest.skip("clamd is not installed (Debian: apt-get install clamav-daemon)")
    context = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


def attach(page: Any, name: str, content: bytes) -> None:
    page.set_input_files(FIELD, files=[{"name": name, "mimeType": "application/pdf",
                                        "buffer": content}])  # fmt: skip
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and continue").click()


def test_the_eicar_file_is_refused_and_a_pdf_taken(page, demo_site):
    sign_in_as_citizen(page, demo_site["citizens"]["pensioner"])
    page.goto("/services/driving-licence-replacement/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    continue_(page)  # the data the registries hold
    page.locator("input[name='driving-licence-replacement__reason'][value=expired]").check()
    continue_(page)
    assert page.locator("h1").inner_text() == "Documents"
    documents = page.url
    attach(page, "certificate.pdf", EICAR)
    summary = page.locator(".error-summary").inner_text()
    assert "malware was found in the file, so it was not accepted" in summary
    assert "Documents" in page.locator("h1").inner_text()  # still on the step, nothing kept
    screenshot(page, "attachment-malware-en")
    attach(page, "certificate.pdf", a_pdf())
    assert "/review/" in page.url
    assert "Medical certificate (form 083/u)" in page.locator("main").inner_text()  # reviewed
    page.goto(documents)
    assert "Attached:" in page.locator("main").inner_text()
    page.goto(documents.replace("/attachments/", "/review/"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert "/submitted/" in page.url or "submitted" in page.locator("main").inner_text().lower()
