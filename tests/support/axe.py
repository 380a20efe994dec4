"""axe-core, the accessibility engine, run on a page in the browser: `tests/counterparts/axe-core`
holds the pinned npm package, installed with `npm ci` once (``tests.support.npm``); without
`node` or `npm` the tests that need it are skipped, saying so.

``{axe}`` is the path of ``axe.min.js``; :func:`serious_violations` runs it on a page as it was
served, its Content-Security-Policy in force, and lists what axe finds serious or critical,
one readable line each."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.support.npm import npm_installed

FOLDER = Path(__file__).resolve().parent.parent / "counterparts" / "axe-core"
SCRIPT = FOLDER / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# The rules of WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MOST_NODES = 5


def install_axe() -> Path:
    """The path of ``axe.min.js``, after `npm ci` if the lock file was not installed yet."""
    npm_installed(FOLDER, needed_for="axe-core, the accessibility tests' engine")
    assert SCRIPT.exists(), f"{SCRIPT} is missing after npm ci"
    return SCRIPT


@pytest.fixture(scope="session")
def axe() -> Path:
    """The path of ``axe.min.js``, installed with `npm ci` on first use."""
    return install_axe()


@cache
def _source(script: Path) -> str:
    return script.read_text(encoding="utf-8")


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(
        f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
        for node in nodes[:MOST_NODES]
    )
    more = f" (and {len(nodes) - MOST_NODES} more)" if len(nodes) > MOST_NODES else ""
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: {where}{more}"


def serious_violations(page: Any, script: Path) -> list[str]:
    """What axe finds serious or critical on ``page`` as it is now, as it was served: axe's
    source is evaluated through the DevTools protocol (``page.evaluate``), which the page's
    Content-Security-Policy does not govern, so the context needs no ``bypass_csp`` and the
    page runs under the policy it was served with. (A ``<script>`` tag, Playwright's
    ``add_script_tag``, is inline: the policy rightly refuses it.)"""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source(script))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [_describe(v) for v in result["violations"] if v.get("impact") in BLOCKING]
