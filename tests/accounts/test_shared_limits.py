"""Wrong sign-in codes are counted in a cache every app server shares when one is configured
(Redis); the deployment check warns while each process counts its own."""

from __future__ import annotations

import socket
import uuid

import pytest
from django.core.checks import run_checks

from qyzmet.accounts.signin import request_code, verify_code
from qyzmet.core.errors import Forbidden, Invalid
from tests.accounts.helpers import wrong_code

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def warnings_of(check_id: str) -> list:
    return [m for m in run_checks(include_deployment_checks=True) if m.id == check_id]


def test_the_deployment_check_warns_while_each_process_counts_its_own(settings):
    assert warnings_of("qyzmet.W009")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    }
    assert not warnings_of("qyzmet.W009")


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_configured_wrong_codes_are_counted_there(settings, demo_people):
    prefix = f"qyzmet-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 60,
        }
    }
    iin, who = demo_people["pensioner"], {"requester": prefix, "address": "192.0.2.44"}
    request_code(iin=iin, language="en", channel="portal", **who)
    for _ in range(4):
        with pytest.raises(Invalid):
            verify_code(iin=iin, code=wrong_code(iin), language="en", channel="portal", **who)
    with pytest.raises(Forbidden):
        verify_code(iin=iin, code=wrong_code(iin), language="en", channel="portal", **who)
    import redis

    keys = redis.Redis.from_url(REDIS).keys(f"{prefix}:*")
    assert keys  # the count lives in Redis, where every app server reads it
