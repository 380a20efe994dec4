"""The demo's entrepreneur pays the driving licence fee on the sandbox's page in Chromium, and
the application goes ahead."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_citizen


def test_the_entrepreneur_pays_the_fee_and_the_application_goes_ahead(page, demo_site):
    assert "Fees: the entrepreneur's driving licence replacement waits" in demo_site["printed"]
    sign_in_as_citizen(page, demo_site["citizens"]["entrepreneur"])
    page.goto("/applications/")
    page.get_by_role("link", name="Замена водительского удостоверения").first.click()
    assert "Ожидает оплаты" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Оплатить").click()
    assert "/sandbox-pay/" in page.url
    page.locator("#number").fill("4000 0000 0000 0002")  # declined first
    page.locator("#expiry").fill("12/39")
    page.locator("#cvc").fill("123")
    with page.expect_navigation():
        page.get_by_role("button", name="Оплатить").click()
    assert "Платёж отклонён" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Оплатить снова").click()
    page.locator("#number").fill("4242 4242 4242 4242")
    page.locator("#expiry").fill("12/39")
    page.locator("#cvc").fill("123")
    screenshot(page, "sandbox-pay-ru")
    with page.expect_navigation():
        page.get_by_role("button", name="Оплатить").click()
    main = page.locator("main").inner_text()
    assert "пошлина оплачена" in main
    status = page.locator("main dl.summary").first.inner_text()
    assert "Ожидает оплаты" not in status and "Подана" in status
    assert "Квитанция (PDF)" in main
