"""What the idempotency store keeps, for how long, and what happens to a request that died."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qyzmet.core.errors import Conflict
from qyzmet.idempotency.models import IdempotentRequest
from qyzmet.idempotency.store import (
    LEASE,
    RENEW_EVERY,
    Fingerprint,
    InProgress,
    Started,
    StoredResponse,
    begin_request,
    complete_request,
    purge_expired_requests,
    renew_leases,
)
from qyzmet.idempotency.tasks import purge_expired_requests as purge_job
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db
SUBMIT = Fingerprint(method="POST", path="/api/v1/applications", body_sha256="a" * 64)
OTHER = Fingerprint(method="POST", path="/api/v1/applications", body_sha256="b" * 64)
CREATED = StoredResponse(status=201, content_type="application/json", body=b'{"id": 1}')


def begin(fingerprint=SUBMIT, now=None):
    return begin_request(caller="user:1", key="k", fingerprint=fingerprint, now=now)


def test_a_kept_answer_is_given_to_the_same_request_and_refused_to_another():
    started = begin()
    assert isinstance(started, Started)
    assert complete_request(started=started, response=CREATED)
    assert begin() == CREATED
    with pytest.raises(Conflict) as refused:
        begin(OTHER)
    assert refused.value.code == "idempotency.conflict"


def test_the_same_request_while_the_first_runs_is_in_progress():
    begin()
    with pytest.raises(InProgress):
        begin()
    with pytest.raises(Conflict):
        begin(OTHER)


@pytest.mark.parametrize("status", [409, 429, 500, 502, 503])
def test_an_answer_a_retry_could_change_is_not_kept(status):
    started = begin()
    assert not complete_request(started=started, response=StoredResponse(status=status))
    assert isinstance(begin(), Started)


@pytest.mark.parametrize("status", [200, 201, 202, 400, 403, 404, 422])
def test_success_and_refusals_are_kept(status):
    complete_request(started=begin(), response=StoredResponse(status=status))
    assert begin() == StoredResponse(status=status)


def test_a_key_is_forgotten_after_its_hours(settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    complete_request(started=begin(), response=CREATED)
    tomorrow = timezone.now() + datetime.timedelta(hours=24, seconds=1)
    assert isinstance(begin(OTHER, now=tomorrow), Started)


def test_a_request_that_died_is_taken_over_and_its_late_answer_ignored():
    dead = begin()
    later = timezone.now() + LEASE + datetime.timedelta(seconds=1)
    retry = begin(now=later)
    assert isinstance(retry, Started) and retry.claim != dead.claim
    assert dead.fresh and not retry.fresh  # the dead one may have done its work: look for it
    assert not complete_request(started=dead, response=StoredResponse(status=500))
    assert complete_request(started=retry, response=CREATED)
    assert begin() == CREATED


def test_the_daily_job_purges_expired_keys(settings):
    settings.IDEMPOTENCY_KEY_HOURS = 0
    complete_request(started=begin(), response=CREATED)
    begin_request(caller="user:2", key="k", fingerprint=SUBMIT)
    purge_job.enqueue()
    assert run_jobs() == 1
    assert not IdempotentRequest.objects.exists()
    assert purge_expired_requests() == 0


def test_a_dead_requests_key_is_free_again_within_seconds_not_minutes():
    dead = begin()
    assert datetime.timedelta(seconds=15) >= LEASE  # seconds, not minutes
    with pytest.raises(InProgress):
        begin(now=timezone.now() + LEASE - datetime.timedelta(seconds=1))
    assert isinstance(begin(now=timezone.now() + LEASE + datetime.timedelta(seconds=1)), Started)
    assert not complete_request(started=dead, response=CREATED)


def test_a_running_request_keeps_its_key_while_its_lease_is_renewed():
    running = begin()
    now = timezone.now()
    for renewal in range(1, 6):  # far longer than one lease
        assert renew_leases(running=[running], now=now + renewal * RENEW_EVERY) == 1
    with pytest.raises(InProgress):
        begin(now=now + 5 * RENEW_EVERY + LEASE - datetime.timedelta(seconds=1))
    assert complete_request(started=running, response=CREATED)
    assert begin() == CREATED


def test_a_claim_taken_over_is_not_renewed_by_its_dead_request():
    dead = begin()
    retry = begin(now=timezone.now() + LEASE + datetime.timedelta(seconds=1))
    assert renew_leases(running=[dead]) == 0
    assert isinstance(retry, Started)
