"""One-time codes (sign-in, consent) never reach a log: the console channel and the console SMS
gateway mask them, while the demo outbox page still shows them to the demo's visitor."""

from __future__ import annotations

import logging

import pytest

from qyzmet.accounts.signin import request_code
from qyzmet.notifications.sms import ConsoleGateway
from qyzmet.partners.consents import request_consent
from qyzmet.partners.onboarding import onboard_partner
from tests.accounts.helpers import code_sent_to
from tests.jobs.helpers import run_jobs
from tests.partners.conftest import code_sent_to as consent_code_sent_to

pytestmark = pytest.mark.django_db


def logged(caplog) -> str:
    """Everything every logger wrote, messages and their arguments."""
    return "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)


def test_a_sign_in_code_is_masked_in_the_log_and_shown_on_the_demo_outbox(
    client, caplog, demo_people
):
    caplog.set_level(logging.DEBUG)
    iin = demo_people["pensioner"]
    request_code(iin=iin, language="en", channel="portal", requester="browser")
    code = code_sent_to(iin)

    assert run_jobs() >= 1

    assert "Your qyzmet sign-in code: ••••••." in logged(caplog)
    assert code not in logged(caplog)
    assert code in client.get("/demo/outbox/").content.decode()


def test_a_consent_code_is_masked_in_the_log(caplog, demo_people):
    caplog.set_level(logging.DEBUG)
    partner = onboard_partner(name="Log Bank", scopes=["consents:request", "applications:read"])
    iin = demo_people["parent"]
    request_consent(
        partner=partner.partner, iin=iin, scopes=["applications:read"], purpose="A loan"
    )
    code = consent_code_sent_to(iin)

    assert run_jobs() >= 1

    assert "Log Bank" in logged(caplog) and code not in logged(caplog)


def test_the_console_sms_gateway_masks_codes_too(caplog):
    caplog.set_level(logging.DEBUG)
    ConsoleGateway().send(
        to="+77011234567", text="Your code: 481516. It is valid 5 minutes.", reference="r1",
        callback_url="",
    )  # fmt: skip
    assert "Your code: ••••••. It is valid 5 minutes." in logged(caplog)
    assert "481516" not in logged(caplog)
