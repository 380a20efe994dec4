"""A supervisor reverses an approval in the back office; the citizen's PDF then verifies as
revoked, with the ground but not the officer's reason (anyone may check a document), and the
citizen is told."""

from __future__ import annotations

from tests.browser.journeys import sign_in_as_officer
from tests.browser.test_officer_journeys import REFERENCE, apply_for_a_passport

REASON = "Апелляционная комиссия установила ошибку в адресе."


def test_a_reversed_approval_makes_the_citizens_document_revoked(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    citizen_page = citizen.new_page()
    application_url = apply_for_a_passport(citizen_page, demo_site["citizens"]["parent"])
    reference = REFERENCE.search(citizen_page.locator("main").inner_text()).group(0)

    officer = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    officer_page = officer.new_page()
    sign_in_as_officer(officer_page, "officer-internal-affairs")
    officer_page.goto("/back-office/?status=submitted&service=passport")
    officer_page.locator("main table a.reference", has_text=reference).click()  # this one
    case_url = officer_page.url
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Одобрить").click()
    with officer_page.expect_navigation():  # the check page: the decision is confirmed
        officer_page.get_by_role("button", name="Да, одобрить").click()

    citizen_page.goto(application_url)
    with citizen_page.expect_download() as download:
        citizen_page.get_by_role("link", name="Скачать итоговый документ (PDF)").click()
    pdf = download.value.path()

    officer_page.goto(case_url)
    officer_page.get_by_label("Основание").select_option("appeal_upheld")
    officer_page.get_by_label("Причина отмены").fill(REASON)
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Отменить решение").click()
    assert "Решение отменено; дело ожидает нового решения." in officer_page.inner_text("main")
    officer.close()

    citizen_page.goto("/verify/")
    citizen_page.get_by_label("Документ в виде PDF-файла").set_input_files(pdf)
    citizen_page.get_by_role("button", name="Проверить файл").click()
    verdict = citizen_page.locator("main").inner_text()
    assert "Документ отозван и больше не действителен." in verdict
    assert "Жалоба удовлетворена" in verdict and REASON not in verdict
    citizen_page.goto("/inbox/")
    assert "Решение отменено: Выдача паспорта" in citizen_page.locator("main").inner_text()
    citizen.close()
