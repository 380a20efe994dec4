"""A visitor finds services by life situation or plain words, in their language."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_the_language_chosen_is_remembered_on_every_page(page):
    page.goto("/")
    screenshot(page, "home-ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("button", name="Қазақ").click()
    assert page.locator("html").get_attribute("lang") == "kk"
    page.get_by_role("link", name="Жаңа мекенжайға көшу").click()
    assert page.locator("h1").inner_text() == "Жаңа мекенжайға көшу"
    assert page.locator("html").get_attribute("lang") == "kk"
    screenshot(page, "life-situation-kk")


def test_a_search_in_plain_words_finds_the_life_situation(page):
    page.goto("/")
    page.get_by_label("Опишите вашу ситуацию").fill("я переезжаю в другой город")
    page.get_by_role("button", name="Найти, что мне нужно").click()
    page.get_by_role("link", name="Переезд на новое место жительства").click()
    assert "/life-situations/moving/" in page.url


def test_describing_ones_situation_leads_to_the_right_life_situation(page):
    page.goto("/")
    page.get_by_label("Опишите вашу ситуацию").fill("балам дүниеге келді")
    page.get_by_role("button", name="Найти, что мне нужно").click()
    screenshot(page, "assistant-ru")
    page.get_by_role("link", name="Рождение ребёнка").first.click()
    assert "/life-situations/birth-of-child/" in page.url


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_home_page_fits_a_phone(browser, demo_site):
    context = browser.new_context(
        base_url=demo_site["url"], viewport={"width": 375, "height": 740}, locale="en-US"
    )
    phone = context.new_page()
    phone.goto("/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone, "home-phone")
    context.close()
