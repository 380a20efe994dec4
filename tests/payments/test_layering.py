"""The sandbox stands in for a bank: it knows nothing of qyzmet but the shared look."""

from __future__ import annotations

import pytest

from tests.test_architecture import imported_apps, modules_of


@pytest.mark.parametrize("module", modules_of("paysandbox"), ids=str)
def test_the_sandbox_provider_imports_no_app_but_core(module):
    assert imported_apps(module) - {"core", "jobs", "paysandbox"} == set()
