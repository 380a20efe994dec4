"""axe-core, the accessibility engine, run on a page in the browser: `tests/counterparts/axe-core`
holds the pinned npm package; `npm ci` installs it there once (node_modules is not committed);
without `node` or `npm` the tests that need it are skipped, saying so.

``{axe}`` is the path of ``axe.min.js``; :func:`serious_violations` injects it into a page with
Playwright and lists what axe finds serious or critical, one readable line each."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parent.parent / "counterparts" / "axe-core"
SCRIPT = FOLDER / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# The rules of WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, regions).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MOST_NODES = 5


def install_axe() -> Path:
    """`npm ci` into the counterpart's folder unless its lock file was installed already;
    skips the calling test when Node.js or npm is missing."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"no `{tool}` on PATH: install Node.js 20+ and npm to run axe-core, "
                        "the accessibility engine of the accessibility tests")  # fmt: skip
    installed = FOLDER / "node_modules" / ".package-lock.json"
    lock = FOLDER / "package-lock.json"
    if not (installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime):
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"npm ci failed in {FOLDER}:\n{done.stderr}"
    assert SCRIPT.exists(), f"{SCRIPT} is missing after npm ci"
    return SCRIPT


@pytest.fixture(scope="session")
def axe() -> Path:
    """The path of ``axe.min.js``, installed with `npm ci` on first use."""
    return install_axe()


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    where = "; ".join(
        f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
        for node in nodes[:MOST_NODES]
    )
    more = f" (and {len(nodes) - MOST_NODES} more)" if len(nodes) > MOST_NODES else ""
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: {where}{more}"


def serious_violations(page: Any, script: Path) -> list[str]:
    """What axe finds serious or critical on ``page`` as it is now. The page's context must
    be made with ``bypass_csp=True``: Playwright injects the script inline, which the
    platform's Content-Security-Policy rightly refuses."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [_describe(v) for v in result["violations"] if v.get("impact") in BLOCKING]
