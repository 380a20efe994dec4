"""The partner row of ``submissions.py``: a bank's app submitting for consenting citizens.

A partner is onboarded with a rate limit it will not reach; each citizen consents (through
the domain functions, as if they had approved in the portal) and the partner takes a grant
token per citizen, then POSTs /api/v1/applications with ``submit: true`` and an
Idempotency-Key, like ``http_single`` but authenticated by OAuth2 access tokens, each request
looked up, checked for its scopes and counted against the partner's rate limit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx

from common import Load, Measurement, say
from server import logged_exceptions, running_server

PARTNER = "Bench Bank"


def partner_grants(iins: list[str]) -> dict[str, str]:
    """A grant token for each citizen, from a freshly onboarded partner."""
    from qyzmet.accounts.models import User
    from qyzmet.partners.consents import approve_consent, grant_token, request_consent
    from qyzmet.partners.onboarding import onboard_partner

    onboarded = onboard_partner(
        name=PARTNER,
        slug=f"bench-{os.getpid()}",
        scopes=["consents:request", "applications:read", "applications:write"],
        rate_limit=10_000_000,
    )
    grants = {}
    for iin in iins:
        consent = request_consent(
            partner=onboarded.partner,
            iin=iin,
            scopes=["applications:read", "applications:write"],
            purpose="Benchmark",
        )
        approve_consent(citizen=User.objects.get(iin=iin), consent=consent)
        grants[iin] = grant_token(partner=onboarded.partner, consent_id=consent.pk)[0]
    return grants


def http_partner(plan: Any, *, post: Any, outcome: Any, close: Any) -> Measurement:
    data = plan.single_data()
    grants = partner_grants([c.iin for c in plan.citizens])
    jobs = [
        (
            grants[citizen.iin],
            key,
            {"service": plan.slug, "data": data[citizen.iin], "submit": True},
        )
        for citizen, key in plan.rounds("http-partner")
    ]
    close()
    with running_server(int(plan.args.workers)) as base:
        say(f"    {len(grants)} citizens consented to {PARTNER}")
        load = Load(
            name="partner",
            jobs=jobs,
            work=lambda client, job: post(client, job, ""),
            open_worker=lambda _number: httpx.Client(base_url=base, timeout=httpx.Timeout(90.0)),
            close_worker=lambda client: client.close(),
            threads=plan.threads,
            time_limit=float(plan.args.time_limit),
        )
        measurement = load.run()
    measurement.note = outcome("http-partner")
    for line, count in logged_exceptions(Path(os.environ["QYZMET_VAR_DIR"])).most_common(5):
        measurement.note += f"\n    server log: {count} x {line}"
    return measurement
