"""A key folder of the test's own, holding a copy of the run's key ring, for tests that
rotate, retire or break keys: the run's data (rolled back after each test) keeps its keys."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qyzmet.core.keyring import FILE_NAME, forget_cached_key_ring, key_ring


@pytest.fixture
def own_key_folder(settings: Any, tmp_path: Path) -> Iterator[Path]:
    key_ring()  # the run's ring exists
    shutil.copy(Path(settings.KEY_DIR) / FILE_NAME, tmp_path / FILE_NAME)
    settings.KEY_DIR = tmp_path
    forget_cached_key_ring()
    yield tmp_path
    forget_cached_key_ring()
