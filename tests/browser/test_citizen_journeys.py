"""Citizens apply for a whole life situation in the real portal."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot
from tests.browser.journeys import answer, continue_, fill, sign_in_as_citizen


def test_moving_in_russian_from_sign_in_to_submission(page, demo_site):
    iin = demo_site["citizens"]["young_adult"]
    page.goto("/life-situations/moving/")
    page.get_by_role("button", name="Начать").click()
    assert "/sign-in/" in page.url
    sign_in_as_citizen(page, iin)
    assert "/questions/" in page.url  # the start that needed a sign-in was kept

    for question in ("has_preschool_children", "has_school_age_children", "change_polyclinic"):
        answer(page, question, "no")
    screenshot(page, "apply-questions-ru")
    continue_(page)
    assert page.locator("h1").inner_text() == "Услуги, которые вам подходят"
    continue_(page)
    registry_data = page.locator("main").inner_text()
    assert "Источник: Регистр населения" in registry_data
    address_code = re.search(r"\b(\d{16})\b", registry_data)
    assert address_code
    screenshot(page, "apply-registry-data-ru")
    continue_(page)

    fill(page, "residence-registration", "move_date", "2026-11-20")
    continue_(page)
    assert "Это поле обязательно." in page.locator(".error-summary").inner_text()
    assert page.locator("#f-residence-registration-move_date").input_value() == "2026-11-20"
    screenshot(page, "apply-error-ru")

    fill(page, "residence-registration", "new_address_rca", address_code.group(1))
    page.locator("#f-residence-registration-owner_consent").check()
    continue_(page)
    assert page.locator("h1").inner_text() == "Проверьте заявку перед отправкой"
    continue_(page)
    assert "Ваша заявка подана." in page.locator("main").inner_text()
    screenshot(page, "application-ru")
    assert page.locator("main .panel h2").count() == 2
