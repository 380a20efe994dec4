"""The claims a process holds are renewed while their requests run; a request of the usual
length (well under ``RENEW_EVERY``) ends before its claim is due, so it never costs a renewal."""

from __future__ import annotations

import time
import uuid

from qyzmet.idempotency.leases import Leases
from qyzmet.idempotency.store import LEASE, RENEW_EVERY, Started


def claim() -> Started:
    return Started(pk=1, claim=uuid.uuid4())


def test_a_claim_just_taken_is_not_renewed_yet():
    leases, running = Leases(), claim()
    leases._held[running] = time.monotonic()  # held, without the renewing thread
    assert leases.due() == []


def test_a_claim_held_for_a_renewal_period_is_renewed_with_most_of_its_lease_left():
    leases, running = Leases(), claim()
    since = time.monotonic()
    leases._held[running] = since
    every = RENEW_EVERY.total_seconds()
    assert leases.due(now=since + every) == [running]
    # the latest it can be first renewed: the next turn after one that found it too young
    assert since + 2 * every < since + LEASE.total_seconds()


def test_a_released_claim_is_not_renewed():
    leases, running = Leases(), claim()
    leases._held[running] = time.monotonic() - 60
    leases.release(running)
    assert leases.due() == [] and leases.held() == []
