"""In the back office: the clerk prepares the approval of a two-stage case, sees that they
cannot sign it off, a supervisor finds it in the queue of what waits for sign-off and signs it
off; a supervisor's return without a note is said at the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qyzmet.accounts.officers import enroll_totp
from qyzmet.applications.models import CaseStatus
from tests.backoffice.conftest import sign_in_as

pytestmark = pytest.mark.django_db


def browser_of(officer: Any) -> Client:
    enroll_totp(officer=officer, channel="test")
    return sign_in_as(Client(HTTP_ACCEPT_LANGUAGE="en"), officer)


def page(client: Client, case: Any) -> str:
    return client.get(f"/back-office/cases/{case.pk}/").content.decode()


def test_the_clerk_prepares_and_another_officer_signs_off(pension_case, reviewer, supervisor):
    clerk, boss = browser_of(reviewer), browser_of(supervisor)
    shown = page(clerk, pension_case)
    assert "Review (stage 1 of 2)" in shown and "Prepare approval" in shown

    check = clerk.post(f"/back-office/cases/{pension_case.pk}/decision/", {"action": "approve"})
    assert "Prepare the approval of application" in check.content.decode()
    done = clerk.post(f"/back-office/cases/{pension_case.pk}/decision/",
                      {"action": "approve", "confirm": "yes"}, follow=True)  # fmt: skip
    shown = done.content.decode()
    assert "The decision is prepared; a supervisor signs it off next." in shown
    assert "Sign-off (stage 2 of 2)" in shown and "You prepared this decision" in shown
    assert "Sign off the approval" not in shown

    refused = clerk.post(f"/back-office/cases/{pension_case.pk}/sign-off/", follow=True)
    assert "You cannot sign off a decision you prepared yourself" in refused.content.decode()
    pension_case.refresh_from_db()
    assert pension_case.status == CaseStatus.IN_REVIEW

    queue = boss.get("/back-office/?stage=sign-off").content.decode()
    assert pension_case.application.reference in queue and "Waiting for sign-off" in queue
    assert (
        pension_case.application.reference
        not in boss.get("/back-office/?stage=review").content.decode()
    )
    assert "Sign off the approval" in page(boss, pension_case)
    signed = boss.post(f"/back-office/cases/{pension_case.pk}/sign-off/", follow=True)
    assert "Signed off: the decision is taken and the citizen is told." in signed.content.decode()
    pension_case.refresh_from_db()
    assert pension_case.status == CaseStatus.APPROVED


def test_a_return_without_a_note_is_said_at_the_field(pension_case, reviewer, supervisor):
    clerk, boss = browser_of(reviewer), browser_of(supervisor)
    clerk.post(f"/back-office/cases/{pension_case.pk}/decision/",
               {"action": "approve", "confirm": "yes"})  # fmt: skip

    empty = boss.post(f"/back-office/cases/{pension_case.pk}/return/", {"return-note": " "})
    assert empty.status_code == 400
    assert "Write what the officer should look at again." in empty.content.decode()

    back = boss.post(f"/back-office/cases/{pension_case.pk}/return/",
                     {"return-note": "Check the years before 1998."}, follow=True)  # fmt: skip
    assert "The decision is returned to review with your note." in back.content.decode()
    shown = page(clerk, pension_case)
    assert "Decision returned to review" in shown and "Check the years before 1998." in shown
    assert "Prepare approval" in shown


def test_the_case_page_speaks_russian_and_kazakh(pension_case, reviewer, settings):
    clerk = browser_of(reviewer)
    clerk.post(f"/back-office/cases/{pension_case.pk}/decision/",
               {"action": "approve", "confirm": "yes"})  # fmt: skip
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert "Согласование (этап 2 из 2)" in page(clerk, pension_case)
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    assert "Келісу (2 кезеңнің 2-сі)" in page(clerk, pension_case)
