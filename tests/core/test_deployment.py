"""A qyzmet started the documented way, but not as a demo, opens to no one: demo conveniences
are off unless the deployment is a demo, a setting that turns one on stops every process, and
the deployment check names each unsafe setting on a line of its own."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from qyzmet.accounts.identity import code_provider
from qyzmet.core import checks
from qyzmet.core.errors import Unavailable
from tests.served import free_port, start_process

CLI = [sys.executable, "-m", "qyzmet.cli"]
ROOT = Path(__file__).resolve().parents[2]
HOST = "qyzmet.example.gov.kz"  # QYZMET_ALLOWED_HOSTS in the documented configuration


def production_env(folder: Path, **settings: str) -> dict[str, str]:
    """The environment of a server set up by reading only `qyzmet serve --help`: no QYZMET_
    variable of this test run leaks in, the database is a fresh SQLite file."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("QYZMET_")}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'qyzmet.sqlite3'}",
        QYZMET_HOME=str(folder),
        QYZMET_VAR_DIR=str(folder / "var"),
        QYZMET_CATALOG_DIR=str(ROOT / "catalog"),
        **settings,
    )
    return env


def documented_production_settings(folder: Path) -> dict[str, str]:
    """The production configuration shown in docs/operations.md, as an operator would set it
    up in ``folder``: its files there (the trust root made offline with `qyzmet trust
    new-root`), secrets read from files (`"$(cat ...)"`) made up."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n *# production configuration\n(.*?)```", text, re.S)
    assert block, "docs/operations.md shows a production configuration"
    pairs = dict(re.findall(r"^ *export (QYZMET_\w+)=(\S+)", block.group(1), re.M))
    for where in ("QYZMET_HOME", "QYZMET_KEY_DIR"):
        pairs.pop(where)
    found = {
        name: secrets.token_urlsafe(50) if value.startswith('"$(cat')
        else str(folder / Path(value).name) if value.startswith("/")
        else value
        for name, value in pairs.items()
    }  # fmt: skip
    offline = folder / "offline"
    offline.mkdir(exist_ok=True)
    made = run(
        [
            "trust",
            "new-root",
            str(offline / "root.pem"),
            "--certificate",
            found["QYZMET_TRUST_ROOT"],
        ],
        production_env(offline, QYZMET_DEMO="true"),
    )
    assert made.returncode == 0, made.stderr
    return found


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *command], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_without_the_demo_switch_every_demo_convenience_is_off(tmp_path):
    printed = subprocess.run(
        [sys.executable, "-c", (
            "import json; from qyzmet import settings as s; print(json.dumps({"
            "'pages': s.DEMO_PAGES, 'tokens': s.DEVELOPMENT_TOKENS,"
            "'identity': s.IDENTITY_PROVIDERS, 'payments': s.PAYMENT_PROVIDER,"
            "'secure_cookies': s.SESSION_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS,"
            "'hosts': s.ALLOWED_HOSTS}))"
        )],
        env=production_env(tmp_path), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(printed.stdout) == {
        "pages": False, "tokens": False, "identity": [], "payments": "",
        "secure_cookies": True, "hsts": 365 * 24 * 3600, "hosts": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QYZMET_DEMO_PAGES", "true"),
        ("QYZMET_DEVELOPMENT_TOKENS", "true"),
        ("QYZMET_IDENTITY_PROVIDERS", "demo"),
        ("QYZMET_PAYMENT_PROVIDER", "sandbox"),
    ],
)
def test_a_demo_only_setting_outside_a_demo_stops_the_process_naming_it(tmp_path, name, value):
    checked = run(["check"], production_env(tmp_path, **{name: value}))
    assert checked.returncode != 0
    assert f"(qyzmet.E001) {name} turns on a demo-only feature" in checked.stderr
    assert run(["check"], production_env(tmp_path, QYZMET_DEMO="true", **{name: value})) \
        .returncode == 0  # fmt: skip


def test_serve_gunicorn_and_the_worker_refuse_to_start_with_a_demo_feature(tmp_path):
    documented = documented_production_settings(tmp_path)
    env = production_env(tmp_path, **documented, QYZMET_DEMO_PAGES="true")
    port = str(free_port())
    serve = run(["serve", "--port", port, "--no-worker"], env)
    assert serve.returncode != 0 and "QYZMET_DEMO_PAGES" in serve.stderr
    worker = run(["worker", "--batch"], env)
    assert worker.returncode != 0 and "QYZMET_DEMO_PAGES" in worker.stderr
    gunicorn = subprocess.run(
        [sys.executable, "-m", "gunicorn", "qyzmet.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert gunicorn.returncode != 0 and "QYZMET_DEMO_PAGES" in gunicorn.stderr


def test_the_deployment_check_names_each_unsafe_setting_on_one_line(tmp_path):
    env = production_env(
        tmp_path, QYZMET_DEBUG="true", QYZMET_SECRET_KEY="secret", QYZMET_SECURE_COOKIES="false",
        QYZMET_HSTS_SECONDS="0",
    )  # fmt: skip
    checked = run(["check", "--deploy"], env)
    assert checked.returncode != 0
    lines = [line for line in checked.stderr.splitlines() if line.startswith("?: (qyzmet.")]
    found = {line.split(") ", 1)[1].split(" ", 1)[0] for line in lines}
    assert all(name.startswith("QYZMET_") or name == "DATABASE_URL" for name in found), lines
    assert found >= {
        "QYZMET_DEBUG", "QYZMET_ALLOWED_HOSTS", "QYZMET_SECRET_KEY", "QYZMET_SECURE_COOKIES",
        "QYZMET_HSTS_SECONDS", "QYZMET_PROXY_SSL_HEADER", "QYZMET_SMS_BACKEND",
        "QYZMET_EMAIL_BACKEND", "QYZMET_IDENTITY_PROVIDERS", "QYZMET_PAYMENT_PROVIDER",
    }  # fmt: skip


def test_behind_a_proxy_not_trusted_for_addresses_everyone_would_share_one(tmp_path):
    env = production_env(tmp_path, QYZMET_PROXY_SSL_HEADER="X-Forwarded-Proto",
                         QYZMET_SMS_BACKEND="file")  # fmt: skip
    checked = run(["check", "--deploy"], env)
    assert "(qyzmet.W012) QYZMET_TRUSTED_PROXIES is not set though a proxy is" in checked.stderr
    assert "(qyzmet.W005) QYZMET_SMS_BACKEND is `file`" in checked.stderr


def test_a_demo_is_never_mistaken_for_a_deployment(tmp_path):
    checked = run(["check", "--deploy"], production_env(tmp_path, QYZMET_DEMO="true"))
    assert checked.returncode != 0
    assert "(qyzmet.E002) QYZMET_DEMO is on" in checked.stderr


def test_the_documented_production_configuration_passes_the_deployment_check(tmp_path):
    env = production_env(tmp_path, **documented_production_settings(tmp_path))
    checked = run(["check", "--deploy"], env)
    assert checked.returncode == 0, checked.stderr
    assert "qyzmet.E" not in checked.stderr


def test_a_served_deployment_shows_a_stranger_no_code_and_signs_no_one_in(tmp_path):
    documented = documented_production_settings(tmp_path)
    env = production_env(tmp_path, **{**documented, "QYZMET_CACHE_URL": ""})  # no Redis here
    assert run(["migrate"], env).returncode == 0
    port = free_port()
    server = start_process([*CLI, "serve", "--port", str(port), "--no-worker", "--workers", "1"],
                           env, tmp_path / "serve.log")  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        wait_for_host(url, headers)
        with httpx.Client(base_url=url, headers=headers) as browser:
            for demo_page in ("/demo/outbox/", "/demo/messenger/", "/back-office/demo/totp/"):
                assert browser.get(demo_page).status_code == 404, demo_page
            page = browser.get("/sign-in/")
            assert "no identity provider is set up" in page.text and 'name="iin"' not in page.text
            assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
            assert "secure" in page.headers["set-cookie"].lower()
            csrf = page.cookies["csrftoken"]
            answer = browser.post(
                "/sign-in/", data={"iin": "900101300017", "csrfmiddlewaretoken": csrf},
                headers={"Cookie": f"csrftoken={csrf}", "Referer": f"https://{HOST}/sign-in/"},
            )  # fmt: skip
            assert answer.status_code == 200
            assert "no identity provider is set up" in answer.text
            assert browser.get("/api/v1/applications", headers={
                "Authorization": "Bearer qz_anything"}).status_code == 401  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def wait_for_host(url: str, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/sign-in/", headers=headers)
            return
        except httpx.TransportError:
            time.sleep(0.3)


def test_without_an_identity_provider_signing_in_says_so_in_the_citizens_language(settings):
    settings.IDENTITY_PROVIDERS = []
    with pytest.raises(Unavailable) as refused:
        code_provider()
    assert refused.value.code == "signin.unavailable"


def test_the_demos_console_sms_and_e_mail_stop_a_server_for_real_people(tmp_path):
    documented = documented_production_settings(tmp_path)
    for name, found in (("QYZMET_SMS_BACKEND", "E115"), ("QYZMET_EMAIL_BACKEND", "E116")):
        env = production_env(tmp_path, **{**documented, name: "console"})
        checked = run(["check", "--deploy"], env)
        assert checked.returncode != 0
        assert f"(qyzmet.{found}) {name} is `console` (the demo's)" in checked.stderr
        serve = run(["serve", "--port", str(free_port()), "--no-worker"], env)
        assert serve.returncode != 0 and f"qyzmet.{found}" in serve.stderr


def test_without_a_database_url_the_sqlite_file_is_made_in_the_var_folder_next_to_its_keys(
    tmp_path,
):
    env = production_env(tmp_path, QYZMET_DEMO="true")
    del env["DATABASE_URL"]
    done = run(["shell", "-c", "from django.conf import settings; "
                "print(settings.DATABASES['default']['NAME'])"], env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(tmp_path / "var" / "qyzmet.sqlite3")


def test_sqlite_with_the_wal_reset_bug_is_warned_of_and_postgresql_never(monkeypatch, settings):
    on_sqlite = "sqlite" in settings.DATABASES["default"]["ENGINE"]  # the suite's database
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 51, 2))
    assert ("qyzmet.W013" in [found.id for found in checks.deployment()]) == on_sqlite
    monkeypatch.setattr(checks.sqlite3, "sqlite_version_info", (3, 51, 3))
    assert "qyzmet.W013" not in [found.id for found in checks.deployment()]
