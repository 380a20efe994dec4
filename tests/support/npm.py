"""The Node.js counterparts of the tests (`tests/counterparts/NAME`, each a `package.json` with
a committed `package-lock.json`): `npm ci` installs the pinned packages into their folder once
(node_modules is not committed), again only when the lock file changes; without `node` or
`npm` the tests that need them are skipped, saying what for."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NPM_CI = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]


def npm_installed(folder: Path, *, needed_for: str) -> Path:
    """``folder`` with its locked packages installed; skips the calling test, naming
    ``needed_for`` (what the packages are for), when Node.js or npm is missing."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"no `{tool}` on PATH: install Node.js 20+ and npm to run {needed_for}")
    installed = folder / "node_modules" / ".package-lock.json"
    lock = folder / "package-lock.json"
    if not (installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime):
        done = subprocess.run(
            NPM_CI, cwd=folder, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, f"npm ci failed in {folder}:\n{done.stderr}"
    return folder
