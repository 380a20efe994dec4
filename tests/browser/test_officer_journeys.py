"""An officer decides a citizen's case in the back office; the citizen sees the result."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, fill, sign_in_as_citizen, sign_in_as_officer

REFERENCE = re.compile(r"QZ-[0-9A-Z]{4}-[0-9A-Z]{4}")  # other passport cases wait in the queue


def apply_for_a_passport(page, iin: str) -> str:
    page.goto("/services/passport/")
    page.get_by_role("button", name="Начать").click()
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, iin)
    page.wait_for_url("**/check/")
    continue_(page)
    page.locator("#f-passport-reason").select_option("expired")
    fill(page, "passport", "service_centre", "ЦОН Есильского района")
    continue_(page)
    continue_(page)
    page.wait_for_url("**/applications/*/submitted/")  # the confirmation page
    return page.url.removesuffix("submitted/")


def test_an_officer_approves_and_the_citizen_sees_the_result(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    citizen_page = citizen.new_page()
    application_url = apply_for_a_passport(citizen_page, demo_site["citizens"]["entrepreneur"])
    reference = REFERENCE.search(citizen_page.locator("main").inner_text()).group(0)

    officer = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    officer_page = officer.new_page()
    sign_in_as_officer(officer_page, "officer-internal-affairs")
    officer_page.goto("/back-office/?status=submitted&service=passport")
    screenshot(officer_page, "back-office-queue-ru")
    officer_page.locator("main table a.reference", has_text=reference).click()  # this one
    assert demo_site["citizens"]["entrepreneur"] in officer_page.locator("main").inner_text()
    screenshot(officer_page, "back-office-case-ru")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Одобрить").click()
    assert "Одобрить заявление QZ-" in officer_page.locator("main h1").inner_text()
    screenshot(officer_page, "back-office-approve-check-ru")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Да, одобрить").click()
    assert "Дело одобрено." in officer_page.locator("main").inner_text()
    officer.close()

    citizen_page.goto(application_url)
    assert "Одобрено" in citizen_page.locator("main").inner_text()
    with citizen_page.expect_download() as download:
        citizen_page.get_by_role("link", name="Скачать итоговый документ (PDF)").click()
    pdf = download.value.path()
    assert Path(pdf).read_bytes().startswith(b"%PDF-")

    citizen_page.goto("/verify/")
    citizen_page.get_by_label("Документ в виде PDF-файла").set_input_files(pdf)
    citizen_page.get_by_role("button", name="Проверить файл").click()
    assert "Подлинный документ" in citizen_page.locator("main h1").inner_text()
    screenshot(citizen_page, "verify-ru")
    citizen_page.goto("/inbox/")
    assert "Одобрено: Выдача паспорта" in citizen_page.locator("main").inner_text()
    screenshot(citizen_page, "inbox-ru")
    citizen.close()


def test_an_officer_is_denied_another_agencys_case(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    citizen_page = citizen.new_page()
    apply_for_a_passport(citizen_page, demo_site["citizens"]["pensioner"])
    citizen.close()

    owner = browser.new_context(base_url=demo_site["url"], locale="en-US")
    owner_page = owner.new_page()
    sign_in_as_officer(owner_page, "officer-internal-affairs")
    owner_page.goto("/back-office/?service=passport")
    case_url = owner_page.locator("main table a[href*='/back-office/cases/']").first.get_attribute(
        "href"
    )
    owner.close()

    stranger = browser.new_context(base_url=demo_site["url"], locale="en-US")
    stranger_page = stranger.new_page()
    sign_in_as_officer(stranger_page, "officer-health")
    response = stranger_page.goto(case_url)
    assert response.status == 403
    assert "another agency" in stranger_page.locator("main").inner_text()
    stranger.close()
