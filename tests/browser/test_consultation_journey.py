"""Consulting another agency (the demo's funeral payment: the civil registry confirms the
kinship): the labour clerk prepares the approval, the justice officer finds it under
Consultations, reads only what the answer needs and agrees, the labour supervisor reads the
answer on the case page and signs it off; the citizen reads neutral lines only."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_officer

SERVICE = "funeral-benefit"


def in_language(context, demo_site, language):
    """The pages of ``context`` in ``language`` from the next one loaded."""
    context.add_cookies([{"name": "django_language", "value": language,
                          "url": demo_site["url"]}])  # fmt: skip


def test_a_clerk_prepares_another_agency_agrees_and_a_supervisor_signs_off(browser, demo_site):
    clerk = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    clerk_page = clerk.new_page()
    sign_in_as_officer(clerk_page, "clerk-labour")
    clerk_page.goto(f"/back-office/?service={SERVICE}&stage=review")
    row = clerk_page.locator("main table tbody tr").first
    reference = row.locator("a.reference").inner_text()
    row.locator("a.reference").click()
    case_url = clerk_page.url
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Prepare approval").click()
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Yes, prepare the approval").click()
    shown = clerk_page.inner_text("main")
    assert "Kinship confirmed by the civil registry (stage 2 of 3)" in shown
    assert "Acts next: the consulted agency (" in shown and "answers by" in shown
    screenshot(clerk_page, "back-office-case-consultation-en")
    clerk.close()

    registrar = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    registrar_page = registrar.new_page()
    sign_in_as_officer(registrar_page, "officer-justice")
    registrar_page.get_by_role("link", name="Consultations").click()
    row = registrar_page.locator("main table tr", has_text=reference)
    assert "to answer" in row.inner_text()
    screenshot(registrar_page, "back-office-consultations-en")
    row.locator("a.reference").click()
    shown = registrar_page.inner_text("main")
    assert "Prepared decision: approve" in shown and "Application data" in shown
    assert "IIN of the deceased" in shown and "IBAN" not in shown  # what the registry checks
    in_language(registrar, demo_site, "ru")  # the README's picture: the question, in Russian
    registrar_page.set_viewport_size({"width": 1280, "height": 800})
    registrar_page.reload()
    assert "ИИН умершего" in registrar_page.inner_text("main")
    screenshot(registrar_page, "consultation-ru", small=True)
    in_language(registrar, demo_site, "en")
    registrar_page.reload()
    registrar_page.get_by_label("We agree with the prepared decision").check()
    registrar_page.get_by_label("Note to the agency that asked").fill("Kinship confirmed.")
    with registrar_page.expect_navigation():
        registrar_page.get_by_role("button", name="Send the answer").click()
    shown = registrar_page.inner_text("main")
    assert "Your answer is sent" in shown
    assert "Application data" not in shown and "IIN of the deceased" not in shown  # answered
    for language in ("kk", "ru", "en"):  # the answered consultation: its question and answer
        in_language(registrar, demo_site, language)
        for device, width in (("desktop", 1280), ("phone", 390)):
            registrar_page.set_viewport_size({"width": width, "height": 900})
            registrar_page.reload()
            screenshot(registrar_page, f"back-office-consultation-answered-{language}-{device}")
    registrar.close()

    supervisor = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    supervisor_page = supervisor.new_page()
    sign_in_as_officer(supervisor_page, "officer-labour")
    supervisor_page.goto(case_url)
    shown = supervisor_page.inner_text("main")
    assert "agrees" in shown and "Kinship confirmed." in shown
    assert "Sign-off (stage 3 of 3)" in shown
    screenshot(supervisor_page, "back-office-case-consulted-en")
    with supervisor_page.expect_navigation():
        supervisor_page.get_by_role("button", name="Sign off the approval").click()
    assert "Signed off: the decision is taken" in supervisor_page.inner_text("main")
    history = supervisor_page.locator("ol.timeline").inner_text()
    assert "another agency consulted" in history and "the consulted agency answered" in history
    supervisor.close()
