"""A citizen signs a certificate request with an SMS code in Chromium: the review page says
what they sign, "Send me a code" has the platform's worker send it through the SMS gateway (a
process of its own), and the code typed submits the application, signed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, fill
from tests.served import database_like_the_suite, served_demo


@pytest.fixture(scope="module")
def sms_demo(tmp_path_factory: Any, sms_gateway_process: Any) -> Iterator[dict[str, Any]]:
    """A demo of its own that sends text messages through the SMS gateway process."""
    gateway = sms_gateway_process
    env = {
        "QYZMET_SMS_BACKEND": "http",
        "QYZMET_SMS_URL": f"{gateway.url}/messages",
        "QYZMET_SMS_TOKEN": gateway.token,
        "QYZMET_SMS_REPORT_SECRET": gateway.report_secret,
        "QYZMET_SMS_CALLBACK_BASE_URL": "http://127.0.0.1:9",
    }
    folder = tmp_path_factory.mktemp("signing-demo")
    with (
        database_like_the_suite() as database_url,
        served_demo(folder, people=400, settings=env, database_url=database_url) as served,
    ):
        citizens = dict(re.findall(r"^\s{4}(\w+)\s+(\d{12})$", served.printed, flags=re.M))
        yield {"url": served.url, "citizens": citizens, "gateway": gateway}


def sign_in(page: Any, iin: str) -> None:
    """Sign in with the demo's code provider, reading the code in the demo outbox."""
    page.locator("#iin").fill(iin)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/sign-in/code/")
    outbox = page.context.new_page()
    outbox.goto("/demo/outbox/")
    code = re.search(r"\b(\d{6})\b", outbox.locator("tr", has_text=iin).first.inner_text())
    outbox.close()
    assert code, "no sign-in code in the demo outbox"
    page.locator("#code").fill(code.group(1))
    with page.expect_navigation():
        page.locator("form.panel button[type=submit]").click()


def code_for(gateway: Any, number: str, *, wait: float = 60.0) -> str:
    """The code in the text that confirms application ``number`` (the worker sends it)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for message in reversed(gateway.messages()):
            if number in message["text"] and (found := re.search(r"\b(\d{6})\b", message["text"])):
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no code for application {number} reached the gateway")


def test_a_certificate_request_is_signed_with_an_sms_code(browser, sms_demo):
    context = browser.new_context(base_url=sms_demo["url"], locale="ru-RU")
    context.set_default_timeout(45_000)  # a loaded PostgreSQL run is slow, not wrong
    page = context.new_page()
    page.goto("/services/encumbrance-certificate/")
    with page.expect_navigation():
        page.get_by_role("button", name="Начать").click()
    sign_in(page, sms_demo["citizens"]["pensioner"])
    continue_(page)  # the registry data are right
    fill(page, "encumbrance-certificate", "cadastral_number", "20:315:042:118:47")
    continue_(page)
    assert page.url.endswith("/review/")
    main = page.locator("main").inner_text()
    assert "Подпишите заявление" in main and "Вы подписываете заявление" in main
    number = re.search(r"Вы подписываете заявление (QZ-\w{4}-\w{4})", main).group(1)
    page.locator("details.signing-document summary").click()
    assert "20:315:042:118:47" in page.locator("details.signing-document pre").inner_text()
    screenshot(page, "signing-review-ru")
    with page.expect_navigation():
        page.get_by_role("button", name="Прислать код").click()
    assert "Мы отправили код на" in page.locator("main").inner_text()
    page.locator("#sms-code").fill(code_for(sms_demo["gateway"], number))
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить и подать").click()
    assert "/review/" not in page.url
    assert page.locator("h1").inner_text() == "Заявка подана"
    screenshot(page, "signing-submitted-ru")
    context.close()
