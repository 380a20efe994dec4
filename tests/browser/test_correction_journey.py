"""An officer sends a passport application back for correction; the citizen is told, sees what
to change with the rest kept, corrects it and resubmits; the officer then approves it."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_officer
from tests.browser.test_officer_journeys import REFERENCE, apply_for_a_passport

MESSAGE = "В выбранном ЦОН приём паспортов закрыт. Укажите, пожалуйста, другой ЦОН."
CENTRE = "ЦОН Медеуского района, Достык 12"


def test_a_case_sent_back_is_corrected_by_the_citizen_and_then_approved(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    citizen_page = citizen.new_page()
    application_url = apply_for_a_passport(citizen_page, demo_site["citizens"]["parent"])
    reference = REFERENCE.search(citizen_page.locator("main").inner_text()).group(0)

    officer = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    officer_page = officer.new_page()
    sign_in_as_officer(officer_page, "officer-internal-affairs")
    officer_page.goto("/back-office/?status=submitted&service=passport")
    officer_page.locator("main table a.reference", has_text=reference).click()
    case_url = officer_page.url
    officer_page.get_by_label("ЦОН, где сфотографируют и выдадут документ").check()
    officer_page.get_by_label("Сообщение гражданину").fill(MESSAGE)
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Вернуть на исправление").click()
    assert f"Вернуть заявку {reference} на исправление?" in officer_page.inner_text("main h1")
    screenshot(officer_page, "back-office-send-back-check-ru")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Да, вернуть").click()
    shown = officer_page.inner_text("main")
    assert "Дело возвращено на исправление" in shown and "возвращено на исправление" in shown

    citizen_page.goto("/inbox/")
    assert "Нужно исправить заявку: Выдача паспорта" in citizen_page.inner_text("main")
    citizen_page.goto(application_url)
    assert "Возвращено на исправление" in citizen_page.inner_text("main")
    assert MESSAGE in citizen_page.inner_text("main")
    citizen_page.get_by_role("link", name="Исправить заявку").click()
    page_text = citizen_page.inner_text("main")
    assert "Остаётся как вы указали" in page_text and "Истёк срок действия" in page_text
    screenshot(citizen_page, "portal-correction-ru")
    centre = citizen_page.get_by_label("ЦОН, где сфотографируют и выдадут документ")
    assert centre.input_value() == "ЦОН Есильского района"  # what was given, to change
    with citizen_page.expect_navigation():  # unchanged: refused, nothing lost
        citizen_page.get_by_role("button", name="Отправить исправление").click()
    assert "Измените значение, которое просило исправить ведомство." in citizen_page.inner_text(
        "main"
    )
    centre.fill(CENTRE)
    with citizen_page.expect_navigation():
        citizen_page.get_by_role("button", name="Отправить исправление").click()
    assert "Исправление отправлено." in citizen_page.inner_text("main")
    assert "Исправлено" in citizen_page.inner_text("main")

    officer_page.goto(case_url)
    assert CENTRE in officer_page.inner_text("main")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Одобрить").click()
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Да, одобрить").click()
    assert "Дело одобрено." in officer_page.inner_text("main")
    history = officer_page.locator("ol.timeline").inner_text()
    assert "возвращено на исправление" in history and "исправлено гражданином" in history
    officer.close()

    citizen_page.goto(application_url)
    assert "Одобрено" in citizen_page.inner_text("main")
    citizen.close()
