"""Every page is served with a strict Content-Security-Policy (django-csp), and works under it:
no template holds an inline script, an inline event handler or inline styles, so an injected
``<script>`` or ``onerror=`` would not run. The browser tests fail on any CSP violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qyzmet

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(qyzmet.__file__).parent.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    "path",
    ["/", "/verify/", "/sign-in/", "/statistics/", "/back-office/sign-in/", "/api/v1/docs"],
)
def test_pages_forbid_inline_scripts_framing_and_other_origins(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path).split("qyzmet/", 1)[1])
def test_no_template_holds_an_inline_script_handler_or_style(path):
    text = path.read_text()
    assert not INLINE_SCRIPT.findall(text), "move the script to a static file"
    assert not EVENT_HANDLER.findall(text), "attach the handler from a static script"
    assert not INLINE_STYLE.findall(text), "move the style to a static stylesheet"
    assert not SCRIPT_URL.findall(text)


def test_the_api_reference_loads_its_own_files_not_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert not INLINE_SCRIPT.findall(page)
