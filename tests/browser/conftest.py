"""Browser tests: the real portal served by gunicorn on a demo database (on the database this run
of the suite uses: an SQLite file, or a PostgreSQL database of its own), driven in Debian's
Chromium by Playwright, with each agency's registries served by a process of their own (the
platform reads them over HTTP, through the exchange). Skipped, with the reason, where no
Chromium is installed."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.counterparts.clamd import clamd_installed, running_clamd
from tests.served import database_like_the_suite, served_demo

CHROMIUM = os.environ.get("QYZMET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = os.environ.get("QYZMET_SCREENSHOTS")  # a folder: save pictures of the pages


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package "
        "(.ci/run does) to run the browser tests"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """The served demo, shared by every browser test of the session; the registries are
    served apart, as agencies running their own servers would."""
    folder = tmp_path_factory.mktemp("demo-site")
    # every browser test signs in from 127.0.0.1 within the same hour: the limits on codes per
    # IIN and per address (tested on their own, tests/accounts) would refuse the later ones
    limits = {"QYZMET_SIGNIN_CODES_PER_HOUR": "1000", "QYZMET_SIGNIN_CODES_PER_ADDRESS": "1000"}
    with ExitStack() as stack:
        scanned = clamd_installed() is not None  # attachments scanned by a real clamd
        if scanned:
            address = stack.enter_context(running_clamd(folder / "clamd"))
            limits |= {"QYZMET_ATTACHMENT_SCANNER": "clamd", "QYZMET_CLAMD_ADDRESS": address}
        database_url = stack.enter_context(database_like_the_suite())
        served = stack.enter_context(
            served_demo(
                folder, people=1500, registries_apart=True, settings=limits,
                database_url=database_url,
            )
        )  # fmt: skip
        citizens = dict(re.findall(r"^\s{4}(\w+)\s+(\d{12})$", served.printed, flags=re.M))
        yield {
            "url": served.url,
            "citizens": citizens,
            "printed": served.printed,
            "sql": served.sql,  # a statement run on the demo's database
            "scanned": scanned,
        }


class WatchedBrowser:
    """The browser, whose every context reports what the page's Content-Security-Policy
    refused (Chromium says so on the console): a page that needs an inline script or style
    fails its test instead of silently losing it."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("console", self._watch)
        return context

    def _watch(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.location.get('url', '')}: {message.text}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[WatchedBrowser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(launched)
        launched.close()


@pytest.fixture(autouse=True)
def no_csp_violation(request: Any) -> Iterator[None]:
    """Each browser test fails on any CSP violation its pages reported."""
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    watched.violations.clear()
    yield
    assert not watched.violations, "\n".join(watched.violations)


@pytest.fixture
def page(browser: Any, demo_site: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str, *, small: bool = False) -> None:
    """Save a picture of the page for the docs when QYZMET_SCREENSHOTS names a folder: the
    whole page, or (``small``, for the README) what a desktop window shows of it, in at most
    256 colours."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    path = Path(SCREENSHOTS) / f"{name}.png"
    page.screenshot(path=str(path), full_page=not small)
    if small:
        from PIL import Image

        with Image.open(path) as taken:
            reduced = taken.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        reduced.save(path, optimize=True)
