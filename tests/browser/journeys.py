"""Steps a person takes in the portal, shared by the browser tests."""

from __future__ import annotations

import re
from typing import Any


def sign_in_as_citizen(page: Any, iin: str) -> None:
    """Sign in with the IIN, reading the one-time code where the demo shows it."""
    ask_for_sign_in_code(page, iin)
    enter_sign_in_code(page, iin)


def ask_for_sign_in_code(page: Any, iin: str) -> None:
    """Type the IIN on the sign-in page and send it: the page asking for the code opens."""
    if "/sign-in/" not in page.url:
        page.goto("/sign-in/")
    page.locator("#iin").fill(iin)
    with page.expect_navigation():  # the form of the IIN: each provider has its own
        page.locator("form", has=page.locator("#iin")).locator("button[type=submit]").click()


def enter_sign_in_code(page: Any, iin: str) -> None:
    """Type the one-time code the demo outbox shows for ``iin`` and send it."""
    outbox = page.context.new_page()
    outbox.goto("/demo/outbox/")
    row = outbox.locator("tr", has_text=iin).first
    code = re.search(r"\b(\d{6})\b", row.inner_text())
    outbox.close()
    assert code, "no sign-in code in the demo outbox"
    page.locator("input[autocomplete=one-time-code]").fill(code.group(1))
    with page.expect_navigation():
        page.locator("form.panel button[type=submit]").click()


def answer(page: Any, question: str, value: str) -> None:
    page.locator(f"input[name=q__{question}][value={value}]").check()


def fill(page: Any, service: str, field: str, value: str) -> None:
    page.locator(f"#f-{service}-{field}").fill(value)


def fill_date(page: Any, service: str, field: str, day: str, month: str, year: str) -> None:
    """A date typed in its three boxes (day, month, year)."""
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.locator(f"input[name={service}__{field}__{part}]").fill(value)


def continue_(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def _current_totp(page: Any, username: str) -> str:
    codes = page.context.new_page()
    codes.goto("/back-office/demo/totp/")
    code = codes.locator("tr", has_text=username).first.locator("code.bo-otp").inner_text()
    codes.close()
    return str(code).strip()


def sign_in_as_officer(page: Any, username: str, password: str = "qyzmet-demo") -> None:
    """Sign in to the back office with the TOTP code the demo shows. A code works once, so
    when this officer's current code was just used, wait for the next one."""
    used = ""
    for _ in range(3):
        code = _current_totp(page, username)
        while code == used:
            page.wait_for_timeout(2000)
            code = _current_totp(page, username)
        page.goto("/back-office/sign-in/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("input[name=code]").fill(code)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        if "/sign-in/" not in page.url:
            return
        used = code
    raise AssertionError(f"{username} could not sign in to the back office")
