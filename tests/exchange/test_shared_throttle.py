"""The forgery throttle counts across processes where a shared cache is configured
(``QYZMET_CACHE_URL``, the real Redis on 127.0.0.1:6379): a forger spreading forged requests
over two registry server processes is stopped once they add up to the limit; with the
local-memory default each process counts alone, which the deployment check warns of outside
the demo."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core.checks import Tags, run_checks

from tests.served import free_port

REDIS = ("127.0.0.1", 6379)
SERVER_PROCESS = """
import sys
import types
import django

django.setup()
from qyzmet.exchange import throttle
from qyzmet.exchange.throttle import count_forgery, silenced

# both processes count in the same minute, however long each takes to start
throttle.time = types.SimpleNamespace(time=lambda: float(sys.argv[2]))
sender = sys.argv[1]
for _ in range(2):
    count_forgery(sender)
print("silenced" if silenced(sender) else "listening")
"""


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def forgeries_in_two_processes(cache_url: str) -> list[str]:
    """Two processes, one after the other, each counting two forged requests from the same
    sender (limit: three a minute); what each then says of the sender."""
    sender = f"forger-{uuid.uuid4().hex}"  # this run's own keys in the shared Redis
    minute = str(time.time())
    env = {
        **os.environ, "QYZMET_CACHE_URL": cache_url, "QYZMET_EXCHANGE_FORGERIES_PER_MINUTE": "3",
        "DJANGO_SETTINGS_MODULE": "qyzmet.settings",
    }  # fmt: skip
    said = []
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", SERVER_PROCESS, sender, minute], env=env,
                             capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert run.returncode == 0, run.stderr
        said.append(run.stdout.strip().splitlines()[-1])
    return said


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379 to share counts")
def test_forgeries_sent_to_two_processes_add_up_in_the_shared_cache():
    assert forgeries_in_two_processes("redis://127.0.0.1:6379/0") == ["listening", "silenced"]


def test_without_a_shared_cache_each_process_counts_alone():
    assert forgeries_in_two_processes("") == ["listening", "listening"]


def test_a_shared_cache_out_of_reach_does_not_stop_the_registry(settings, caplog):
    from qyzmet.exchange.throttle import count_forgery, silenced

    settings.EXCHANGE_FORGERIES_PER_MINUTE = 1
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
    }}  # fmt: skip
    count_forgery("10.0.0.9")
    assert not silenced("10.0.0.9")  # answered uncounted; the operators are told
    assert "the forgery throttle cannot" in caplog.text


def deploy_checks() -> dict[str, str]:
    found = run_checks(tags=[Tags.security], include_deployment_checks=True)
    return {message.id: message.msg for message in found if message.id.startswith("qyzmet.")}


def test_outside_the_demo_a_cache_of_each_process_is_warned_of(settings):
    settings.DEMO = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert (
        "counts wrong sign-in codes and forged exchange requests alone"
        in deploy_checks()["qyzmet.W009"]
    )
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }}  # fmt: skip
    assert "qyzmet.W009" not in deploy_checks()
