"""Citizens apply for a whole life situation in the real portal."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot
from tests.browser.journeys import answer, continue_, fill, fill_date, sign_in_as_citizen


def test_moving_in_russian_from_sign_in_to_submission(page, demo_site):
    iin = demo_site["citizens"]["young_adult"]
    page.goto("/life-situations/moving/")
    page.get_by_role("button", name="Начать").click()
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, iin)
    page.wait_for_url("**/questions/")  # the start that needed a sign-in was kept

    for question in ("has_preschool_children", "has_school_age_children", "change_polyclinic"):
        answer(page, question, "no")
    screenshot(page, "apply-questions-ru")
    continue_(page)
    assert page.locator("h1").inner_text() == "Услуги, которые вам подходят"
    continue_(page)
    registry_data = page.locator("main").inner_text()
    assert "Источник: Регистр населения" in registry_data
    registered = re.search(r"\b(\d{16})\b", registry_data)
    assert registered
    screenshot(page, "apply-registry-data-ru")
    continue_(page)

    fill_date(page, "residence-registration", "move_date", "31", "2", "2026")
    continue_(page)
    assert page.title().startswith("Ошибка: ")
    summary = page.locator(".error-summary").inner_text()
    assert "Заполните поле «Регистрационный код нового адреса (РКА)»" in summary
    assert "В поле «Дата переезда» должна быть существующая дата" in summary
    assert page.locator("input[name=residence-registration__move_date__day]").input_value() == "31"
    screenshot(page, "apply-error-ru")
    fill_date(page, "residence-registration", "move_date", "20", "11", "2026")

    demo_codes = page.locator("details.panel code").all_text_contents()
    new_address = next(code for code in demo_codes if re.fullmatch(r"\d{16}", code))
    assert new_address != registered.group(1)  # moving where one lives already is refused
    fill(page, "residence-registration", "new_address_rca", new_address)
    page.locator("#f-residence-registration-owner_consent").check()
    continue_(page)
    assert page.locator("h1").inner_text() == "Проверьте заявку перед отправкой"
    assert "20 ноября 2026 г." in page.locator("main").inner_text()
    screenshot(page, "apply-review-ru")
    continue_(page)
    assert page.locator("h1").inner_text() == "Заявка подана"
    assert page.locator(".confirmation-panel .reference").inner_text().startswith("QZ-")
    screenshot(page, "application-submitted-ru")
    with page.expect_navigation():
        page.get_by_role("link", name="Посмотреть заявку").click()
    screenshot(page, "application-ru")
    assert page.locator("main .panel h2").count() == 2


def test_birth_of_child_in_kazakh_explains_errors_in_kazakh_and_keeps_what_was_typed(
    browser, demo_site
):
    context = browser.new_context(base_url=demo_site["url"], locale="kk-KZ")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Қазақ").click()
    page.goto("/life-situations/birth-of-child/")
    page.get_by_role("button", name="Бастау").click()
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, demo_site["citizens"]["parent"])
    page.wait_for_url("**/questions/")
    for question in ("birth_registered_at_hospital", "caring_at_home", "join_kindergarten_queue"):
        answer(page, question, "no")
    continue_(page)  # questions
    continue_(page)  # services
    continue_(page)  # registry data
    fill(page, "birth-registration", "child_last_name", "Нұрланов")
    fill(page, "birth-registration", "child_first_name", "Әлихан")
    fill(page, "birth-benefit", "iban", "KZ12")
    continue_(page)
    summary = page.locator(".error-summary").inner_text()
    assert "Қате бар" in summary
    assert "«Туған күні» өрісіне күнді, айды және жылды енгізіңіз" in summary
    assert "«Банк шотының нөмірі (IBAN)» өрісіне мәнді көрсетілген пішімде енгізіңіз" in summary
    assert page.title().startswith("Қате: ")
    assert page.locator("#f-birth-registration-child_first_name").input_value() == "Әлихан"
    assert page.locator("#f-birth-benefit-iban").input_value() == "KZ12"
    page.reload()
    assert page.locator("#f-birth-registration-child_last_name").input_value() == "Нұрланов"
    screenshot(page, "apply-error-kk")
    context.close()


def test_the_application_form_works_with_the_keyboard_alone(page, demo_site):
    page.goto("/services/criminal-record-certificate/")
    page.get_by_role("button", name="Начать").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, demo_site["citizens"]["pensioner"])
    assert "/check/" in page.url, page.locator("main").inner_text()
    page.locator("main form button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/")
    page.locator("main").focus()
    for _ in range(40):  # tab through every field of the form, answering as we go
        page.keyboard.press("Tab")
        kind = page.evaluate("document.activeElement.type || ''")
        if kind in ("radio", "checkbox"):
            page.keyboard.press("Space")
        elif kind == "select-one":
            page.keyboard.press("ArrowDown")
        elif kind == "submit":
            break
    visible = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' +"
        " document.activeElement.matches(':focus-visible')"
    )
    assert visible.endswith("true")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/")
    page.locator("main form button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/applications/" in url and "/review/" not in url)
