"""A citizen applies for an ID card and books the visit for the photo at a service centre; on
the day, an officer of the centre records the photo taken, and the citizen's application shows
it in its history."""

from __future__ import annotations

import datetime
import re

from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, sign_in_as_citizen, sign_in_as_officer

REFERENCE = re.compile(r"QZ-[0-9A-Z]{4}-[0-9A-Z]{4}")


def apply_for_an_id_card(page, iin: str) -> None:
    page.goto("/services/id-card/")
    page.get_by_role("button", name="Начать").click()
    page.wait_for_url("**/sign-in/**")
    sign_in_as_citizen(page, iin)
    page.wait_for_url("**/check/")
    continue_(page)
    page.locator("#f-id-card-reason").select_option("expired")
    continue_(page)
    continue_(page)
    page.wait_for_url("**/applications/*/submitted/")


def the_day_has_come(sql, reference: str) -> None:
    """Move the booked visit to this very minute: the officer records a visit from its day on,
    and the test cannot wait for the day the first free slot falls on."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    sql(
        "UPDATE appointments_visit SET starts_at = %s, ends_at = %s WHERE case_id IN ("
        " SELECT c.id FROM applications_case c JOIN applications_application a"
        " ON a.id = c.application_id WHERE a.reference = %s)",
        str(now),
        str(now + datetime.timedelta(minutes=20)),
        reference,
    )


def test_a_citizen_books_the_photo_visit_and_the_officer_records_it(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    page = citizen.new_page()
    apply_for_an_id_card(page, demo_site["citizens"]["young_adult"])
    reference = REFERENCE.search(page.locator("main").inner_text()).group(0)
    screenshot(page, "visit-offered-ru")
    page.get_by_role("link", name="Записаться на приём").click()

    page.get_by_role("link", name="ЦОН Есильского района, Астана").click()
    assert "Фотографирование и снятие отпечатков пальцев" in page.locator("main").inner_text()
    first_time = page.locator("#visit-times input[type=radio]").first
    first_time.check()
    screenshot(page, "visit-booking-ru")
    with page.expect_navigation():
        page.get_by_role("button", name="Записаться на это время").click()
    main = page.locator("main").inner_text()
    assert "Вы записаны" in main and "ЦОН Есильского района, Астана" in main
    assert "Перенести запись" in main

    the_day_has_come(demo_site["sql"], reference)
    officer = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    desk = officer.new_page()
    sign_in_as_officer(desk, "officer-digital-development")
    desk.goto("/back-office/centres/")
    desk.get_by_role("link", name="ЦОН Есильского района, Астана").click()
    row = desk.locator("main tr", has_text=reference)
    assert "Ожидается" in row.inner_text()
    screenshot(desk, "visit-day-list-ru")
    row.get_by_label("Что сделано").fill("Сфотографирован, отпечатки сняты")
    with desk.expect_navigation():
        row.get_by_role("button", name="Приём состоялся").click()
    assert "Отмечено: приём состоялся." in desk.locator("main").inner_text()
    row = desk.locator("main tr", has_text=reference)
    assert "Пришёл" in row.inner_text() and "Сфотографирован" in row.inner_text()
    officer.close()

    page.reload()
    history = page.locator("main").inner_text()
    assert re.search(r"Приём состоялся\s*:\s*Сфотографирован, отпечатки сняты", history)
    citizen.close()
