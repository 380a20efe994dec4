from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "qyzmet.cli"]


@pytest.fixture(scope="session")
def registry_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A database file with the catalogue and 120 generated people, for registries served as
    processes of their own; with the environment `qyzmet` commands need to work on it."""
    folder = tmp_path_factory.mktemp("served-registry")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'qyzmet.sqlite3'}",
        "QYZMET_VAR_DIR": str(folder / "var"),  # the key folder too, shared on this machine
        "DJANGO_SETTINGS_MODULE": "qyzmet.settings",
    }
    for command in (["migrate", "-v0"], ["catalog", "load"],
                    ["registries", "generate", "--people", "120", "--seed", "7"]):  # fmt: skip
        done = subprocess.run([*CLI, *command], env=env, capture_output=True, text=True,
                              timeout=600, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
    return folder / "qyzmet.sqlite3", env
