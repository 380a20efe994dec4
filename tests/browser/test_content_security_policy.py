"""The pages work under the strict Content-Security-Policy: their scripts and styles come from
static files (every browser test also fails on any CSP violation, see conftest)."""

from __future__ import annotations


def test_the_portal_registers_its_service_worker_from_a_static_script(page):
    page.goto("/")
    assert page.evaluate("navigator.serviceWorker.ready.then((ready) => Boolean(ready.active))")


def test_the_statistics_page_draws_its_charts(page):
    page.goto("/statistics/")
    assert page.locator("h1").inner_text() == "Качество услуг"


def test_the_api_reference_renders_from_its_own_files(page):
    page.goto("/api/v1/docs")
    assert "qyzmet API" in page.locator(".swagger-ui .info .title").inner_text()


def test_the_messenger_simulator_is_styled_by_its_stylesheet(page):
    page.goto("/demo/messenger/")
    assert page.locator("#composer").evaluate("form => getComputedStyle(form).display") == "flex"


def test_an_injected_inline_script_does_not_run_and_is_reported(page, browser):
    page.goto("/")
    ran = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.appendChild(script);
          return window.injected === true;
        }"""
    )
    assert not ran
    for _ in range(20):
        if browser.violations:
            break
        page.wait_for_timeout(100)
    assert any("inline script" in violation for violation in browser.violations)
    browser.violations.clear()  # expected here; any other test fails on one
