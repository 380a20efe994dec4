"""docs/partner-api.md works as written: a partner onboarded by the operator gets a token,
the citizen confirms with the code qyzmet sent, and the partner submits an application that
is the citizen's, made through the partner."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def guide_script() -> str:
    guide = (ROOT / "docs" / "partner-api.md").read_text(encoding="utf-8")
    return "\n".join(re.findall(r"```sh\n(.*?)```", guide, flags=re.S))


def test_the_partner_guide_works_as_written(demo_server, tmp_path):
    citizen = re.search(r"^\s+parent\s+(\d{12})$", demo_server.printed, flags=re.M)
    assert citizen, demo_server.printed
    script = guide_script().replace("http://127.0.0.1:8000", demo_server.url)
    script = re.sub(r"^IIN=\d+", f"IIN={citizen.group(1)}", script, flags=re.M)
    env = {
        **demo_server.env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
        timeout=180, env=env, check=False, cwd=tmp_path,  # its files, not in the checkout
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "certificate.pdf").exists() and not (ROOT / "certificate.pdf").exists()
    assert '"status": "granted"' in result.stdout
    assert '"channel": "partner:demo-bank"' in result.stdout
    assert "presets: [('has_preschool_children', " in result.stdout  # said by the registry
    assert re.search(r"born: \[\('\d{4}-\d\d-\d\d', '\d{4} жылғы \d+ \w+'\)\]", result.stdout)
    assert '"status": "approved"' in result.stdout  # the address certificate is automatic
    assert "attached medical_certificate application/pdf" in result.stdout  # a file on a draft
    assert "accepted submitted None" in result.stdout  # an offer of the demo's birth
    assert "data tracker: [" in result.stdout  # the citizen's data tracker, with their grant
