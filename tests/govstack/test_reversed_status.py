"""For GovStack, a case whose decision was reversed is pending (titled Decision reversed), and
its file is in review again, not ended."""

from __future__ import annotations

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.reversals import reverse_case
from qyzmet.govstack.statuses import has_ended, status_model
from tests.factories import ApplicationFactory, OfficerFactory
from tests.govstack.conftest import assert_conforms

pytestmark = pytest.mark.django_db


def test_a_reversed_decision_makes_the_file_pending_again(as_citizen, citizen):
    application = ApplicationFactory(citizen=citizen, approved=True)
    supervisor = allow_reversals(officer=OfficerFactory(), channel="test")
    reverse_case(case=application.cases.get(), officer=supervisor, ground="new_facts",
                 reason="New facts.", channel="test")  # fmt: skip

    response = as_citizen("GET", f"/applications/{application.pk}")
    assert response.status_code == 200
    file = response.json()
    assert_conforms(file, "/applications/{fileId}", "get", 200)
    assert file["status"] == {"code": "PENDING", "title": "In review"}
    assert file["ended"] is False


def test_a_reversed_case_is_pending_and_not_ended():
    assert status_model("reversed") == {"code": "PENDING", "title": "Decision reversed"}
    assert not has_ended("reversed")
