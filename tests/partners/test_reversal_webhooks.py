"""A partner hears that a decision on an application it made was reversed, with the ground and
the reason, and that the application is in review again."""

from __future__ import annotations

import pytest

from qyzmet.accounts.officers import allow_reversals
from qyzmet.applications.decisions import decide_case
from qyzmet.applications.models import Case
from qyzmet.applications.reversals import reverse_case
from tests.factories import officer_of
from tests.jobs.helpers import run_jobs
from tests.partners.conftest import submit_through

pytestmark = pytest.mark.django_db


def test_a_reversed_approval_reaches_the_partner(hooked, receiver, demo_people):
    application = submit_through(hooked, demo_people["parent"])
    case = Case.objects.get(application_id=application["id"])
    officer = allow_reversals(officer=officer_of(case.agency), channel="test")
    decide_case(case=case, officer=officer, approve=True, channel="backoffice")
    reverse_case(case=case, officer=officer, ground="court_ruling", reason="Ruling 2-77.",
                 channel="backoffice")  # fmt: skip
    run_jobs()

    events = receiver.events()
    assert [(e["type"], e["data"]["status"]) for e in events][-2:] == [
        ("case.status_changed", "reversed"),
        ("application.status_changed", "in_review"),
    ]
    reversed_ = events[-2]["data"]
    assert reversed_["reason"] == (  # as the citizen (ru) reads it, as a decision's reason
        "Решение суда: Ruling 2-77.\n(Написано сотрудником на английском языке.)"
    )
    assert reversed_["decided_at"] is None
