"""The proactive birth journey in the real portal: the demo registered a birth for the demo
parent's family; the parent finds the offers and accepts one with a single click, then sees in
the data tracker each registry read it caused, with its purpose (the registries served apart:
each read went to its agency's own server)."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen


def test_a_parent_accepts_the_birth_benefit_with_one_click(page, demo_site):
    page.goto("/sign-in/")
    sign_in_as_citizen(page, demo_site["citizens"]["parent"])
    page.get_by_role("link", name="Предложения").click()
    page.wait_for_url("**/offers/")
    offer = page.locator("article", has_text="Единовременное пособие на рождение ребёнка")
    assert "ждут вашего ответа" in page.locator("nav.service-nav").inner_text()
    screenshot(page, "offers-ru")
    with page.expect_navigation():
        offer.get_by_role("button", name="Принять").click()
    main = page.locator("main").inner_text()
    assert "подана с данными, которые уже есть у государства" in main
    assert "/applications/" in page.url
    application = page.url.rstrip("/").rsplit("/", 1)[-1]

    page.get_by_text("Личный кабинет", exact=True).click()  # the header's Account menu
    page.get_by_role("link", name="Трекер данных").click()
    page.wait_for_url("**/data-tracker/")
    screenshot(page, "data-tracker-ru")
    tracker = page.locator("main").inner_text()
    for system in ("Проактивное предложение", "Подача заявки: выписка из регистров",
                   "Вход на портал"):  # fmt: skip
        assert system in tracker
    for_application = page.locator(f"article:has(a[href$='/applications/{application}/'])")
    assert for_application.count() >= 1  # the purpose links to the application it served
