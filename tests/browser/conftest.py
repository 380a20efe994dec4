"""Browser tests: the real portal served by gunicorn on a demo database, driven in Debian's
Chromium by Playwright. Skipped, with the reason, where no Chromium is installed."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """`qyzmet demo` on a fresh SQLite file, served by `qyzmet serve` with two workers."""
    folder = tmp_path_factory.mktemp("demo-site")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'qyzmet.sqlite3'}",
        "QYZMET_VAR_DIR": str(folder / "var"),
    }
    cli = [sys.executable, "-m", "qyzmet.cli"]
    prepared = subprocess.run(
        [*cli, "demo", "--no-serve", "--people", "1500", "--port", str(port)],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/").status_code < 500:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        citizens = dict(re.findall(r"^\s{4}(\w+)\s+(\d{12})$", prepared.stdout, flags=re.M))
        yield {"url": url, "citizens": citizens, "printed": prepared.stdout, "env": env}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, demo_site: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str) -> None:
    """Save a picture of the page for the docs when QYZMET_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
