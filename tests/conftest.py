"""Shared test set-up: the demo catalogue loaded once per test database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"
