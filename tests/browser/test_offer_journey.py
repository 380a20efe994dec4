"""The proactive birth journey in the real portal: the demo registered a birth for the demo
parent's family; the parent finds the offers and accepts one with a single click."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen


def test_a_parent_accepts_the_birth_benefit_with_one_click(page, demo_site):
    page.goto("/sign-in/")
    sign_in_as_citizen(page, demo_site["citizens"]["parent"])
    page.get_by_role("link", name="Предложения").click()
    page.wait_for_url("**/offers/")
    offer = page.locator("article", has_text="Единовременное пособие на рождение ребёнка")
    assert "ждут вашего ответа" in page.locator("nav").inner_text()
    screenshot(page, "offers-ru")
    with page.expect_navigation():
        offer.get_by_role("button", name="Принять").click()
    main = page.locator("main").inner_text()
    assert "подана с данными, которые уже есть у государства" in main
    assert "/applications/" in page.url
