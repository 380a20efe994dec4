"""GovStack's file list names each application by its reference too (a qyzmet variable)."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_file_entry_carries_the_applications_reference(as_citizen, citizen):
    mine = ApplicationFactory(citizen=citizen, submitted=True)
    [entry] = as_citizen("GET", "/applications").json()
    assert entry["additionalMeta"]["data"]["reference"] == {"value": mine.reference}
