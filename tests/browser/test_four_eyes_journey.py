"""Four eyes on a two-stage service (the old-age pension): a clerk prepares the approval, the
same clerk cannot sign it off, the agency's supervisor signs it off, the citizen sees it
approved. Each stage is seen in the queue and on the case page."""

from __future__ import annotations

from tests.attachments.conftest import a_pdf
from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, fill, sign_in_as_citizen, sign_in_as_officer
from tests.browser.test_officer_journeys import REFERENCE

SERVICE = "pension-assignment"


def apply_for_a_pension(page, iin: str) -> str:
    page.goto(f"/services/{SERVICE}/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, iin)
    page.wait_for_url("**/check/")
    continue_(page)
    fill(page, SERVICE, "pre_1998_work_years", "12")
    fill(page, SERVICE, "iban", "KZ86125KZT5004100100")
    continue_(page)
    assert page.locator("h1").inner_text() == "Documents"  # the record book's pages
    page.set_input_files(f"input[name=file__{SERVICE}__work_record_book]", files=[
        {"name": "record-book.pdf", "mimeType": "application/pdf", "buffer": a_pdf()}])  # fmt: skip
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and continue").click()
    continue_(page)
    page.wait_for_url("**/applications/*/submitted/")
    return page.url.removesuffix("submitted/")


def test_a_clerk_prepares_and_another_officer_signs_off(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    citizen_page = citizen.new_page()
    application_url = apply_for_a_pension(citizen_page, demo_site["citizens"]["pensioner"])
    reference = REFERENCE.search(citizen_page.locator("main").inner_text()).group(0)
    assert "clerk-labour (reviewer" in demo_site["printed"]
    assert "officer-labour (supervisor" in demo_site["printed"]

    clerk = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    clerk_page = clerk.new_page()
    sign_in_as_officer(clerk_page, "clerk-labour")
    clerk_page.goto(f"/back-office/?service={SERVICE}&stage=review")
    row = clerk_page.locator("main table tr", has_text=reference)
    assert "Review (stage 1 of 2)" in row.inner_text()
    screenshot(clerk_page, "back-office-queue-review-en")
    row.locator("a.reference").click()
    case_url = clerk_page.url
    assert "Acts next: an officer of the agency" in clerk_page.inner_text("main")
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Prepare approval").click()
    assert f"Prepare the approval of application {reference}?" in clerk_page.inner_text("main h1")
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Yes, prepare the approval").click()
    shown = clerk_page.inner_text("main")
    assert "The decision is prepared; a supervisor signs it off next." in shown
    assert "Sign-off (stage 2 of 2)" in shown and "Prepared decision: approve" in shown
    assert "You prepared this decision, so you cannot sign it off" in shown
    assert clerk_page.get_by_role("button", name="Sign off the approval").count() == 0
    screenshot(clerk_page, "back-office-case-prepared-en")
    clerk.close()

    supervisor = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    supervisor_page = supervisor.new_page()
    sign_in_as_officer(supervisor_page, "officer-labour")
    supervisor_page.goto("/back-office/?stage=sign-off")
    row = supervisor_page.locator("main table tr", has_text=reference)
    assert "Sign-off (stage 2 of 2)" in row.inner_text()
    screenshot(supervisor_page, "back-office-queue-sign-off-en")
    supervisor_page.goto(case_url)
    assert "Prepared by clerk-labour" in supervisor_page.inner_text("main")
    with supervisor_page.expect_navigation():
        supervisor_page.get_by_role("button", name="Sign off the approval").click()
    shown = supervisor_page.inner_text("main")
    assert "Signed off: the decision is taken and the citizen is told." in shown
    history = supervisor_page.locator("ol.timeline").inner_text()
    assert "decision prepared, waiting for sign-off" in history
    assert "approved" in history.splitlines()[-1]
    screenshot(supervisor_page, "back-office-case-signed-off-en")
    supervisor.close()

    citizen_page.goto(application_url)
    assert "Approved" in citizen_page.locator("main").inner_text()
    citizen.close()
