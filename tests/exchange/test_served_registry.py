"""An agency runs its registries as a process of its own (`qyzmet registry serve`), and the
platform, told so by `QYZMET_EXCHANGE_PROVIDERS`, works against it over HTTP: pre-fill goes
through it (in the portal's domain functions and in the messenger), and it refuses what is not
signed by a key of the trust list."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qyzmet.exchange.messages import Client, ExchangeRequest, Purpose
from tests.exchange.conftest import CLI
from tests.served import free_port, start_process, wait_for

PLATFORM = """
import json
import django

django.setup()
from qyzmet.accounts.signin import citizen_account, living_person
from qyzmet.applications.services import start_application
from qyzmet.registries.selectors import find_demo_people

iin = find_demo_people()["parent"]
user = citizen_account(person=living_person(iin))
application = start_application(citizen=user, channel="api", service="residence-registration")
print(json.dumps({"id": str(application.pk), "prefill": application.prefill}))
"""
MESSENGER = """
import django

django.setup()
from qyzmet.messenger.models import SimulatedMessage
from qyzmet.messenger.processing import process_updates
from qyzmet.messenger.updates import parse_update
from qyzmet.messenger.webhook import receive_update
from qyzmet.registries.selectors import find_demo_people
from tests.accounts.helpers import code_sent_to
from tests.messenger.helpers import text_update

CHAT = 7_000_001
button = {"update_id": 9001, "callback_query": {"id": "cq1", "data": "sv:residence-registration",
          "from": {"id": CHAT, "is_bot": False, "first_name": "A", "language_code": "en"},
          "chat_instance": "1", "message": {"message_id": 1, "date": 1767225600,
                                            "chat": {"id": CHAT, "type": "private"}}}}


def send(payload):
    receive_update(incoming=parse_update(payload), payload=payload)
    process_updates(chat_id=CHAT)


iin = find_demo_people()["parent"]
send(text_update(CHAT, "/start"))
send(text_update(CHAT, iin))
send(text_update(CHAT, code_sent_to(iin)))
send(button)
myself = {**button, "update_id": 9002,
          "callback_query": {**button["callback_query"], "id": "cq2",
                             "data": "fw:sv:residence-registration:-"}}  # "For whom?": myself
send(myself)
for said in SimulatedMessage.objects.filter(chat_id=CHAT, sender="bot").order_by("id"):
    print(said.text)
"""


@dataclass(frozen=True)
class ServedRegistry:
    url: str
    env: dict[str, str]  # the platform's environment, with the registry served over HTTP
    database: Path
    log: Path


@pytest.fixture(scope="module")
def served_registry(registry_database: tuple[Path, dict[str, str]]) -> Iterator[ServedRegistry]:
    database, env = registry_database
    port = free_port()
    log = database.parent / "registry.log"
    server = start_process(
        [*CLI, "registry", "serve", "--agency", "internal-affairs", "--port", str(port),
         "--workers", "1"], env, log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/exchange/v1/")
        platform = {**env, "QYZMET_EXCHANGE_PROVIDERS": f"population={url},vehicles={url}"}
        yield ServedRegistry(url=url, env=platform, database=database, log=log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_the_pre_fill_of_an_application_comes_from_the_served_registry(served_registry):
    run = subprocess.run([sys.executable, "-c", PLATFORM], env=served_registry.env,
                         capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    application = json.loads(run.stdout.strip().splitlines()[-1])
    assert application["prefill"]["population.person.full_name"]["ru"]
    assert application["prefill"]["population.person.registered_address"]["rca"]
    with sqlite3.connect(served_registry.database) as db:
        rows = db.execute(
            "SELECT client_agency, client_system, provider_agency, outcome FROM "
            "exchange_dataaccess WHERE purpose_ref = ?", [application["id"]]
        ).fetchall()  # fmt: skip
    assert rows == [("internal-affairs", "prefill", "internal-affairs", "granted")]
    assert "POST /exchange/v1/messages" in served_registry.log.read_text()


def test_a_citizen_applies_in_the_messenger_against_the_served_registry(served_registry):
    env = {**served_registry.env, "QYZMET_MESSENGER_BOT_CLIENT": "simulator"}
    run = subprocess.run([sys.executable, "-c", MESSENGER], env=env, capture_output=True,
                         text=True, timeout=300, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "something went wrong" not in run.stdout, run.stdout
    assert "this chat is linked to" in run.stdout, run.stdout  # sign-in read the registry
    assert "Population registry" in run.stdout  # the pre-fill, each value with its registry
    with sqlite3.connect(served_registry.database) as db:
        systems = {row[0] for row in db.execute(
            "SELECT DISTINCT client_system FROM exchange_dataaccess WHERE outcome = 'granted'"
        )}  # fmt: skip
    assert {"signin", "prefill"} <= systems


def test_the_served_registry_refuses_a_forged_request(served_registry):
    request = ExchangeRequest(
        client=Client(agency="justice", system="prefill"), provider="internal-affairs",
        registry="population", subject="900101300123", fields=("population.person.full_name",),
        purpose=Purpose(kind="legal_basis", ref="citizen-sign-in"),
    )  # fmt: skip
    forged = jwt.encode(request.claims(), Ed25519PrivateKey.generate(), algorithm="EdDSA",
                        headers={"kid": "justice-forged"})  # fmt: skip
    answer = httpx.post(f"{served_registry.url}/exchange/v1/messages", content=forged,
                        headers={"Content-Type": "application/qyzmet-exchange+jwt"})  # fmt: skip
    assert answer.status_code == 403
    claims = jwt.decode(answer.text, options={"verify_signature": False})
    assert claims["outcome"] == "refused" and claims["refusal"]["code"] == "signature"
    assert "data" not in claims
    assert claims["iss"] == "internal-affairs" and claims["irt"] == request.message_id


def test_the_served_registry_answers_what_is_not_a_request_with_400(served_registry):
    answer = httpx.post(f"{served_registry.url}/exchange/v1/messages", content=b"hello")
    assert answer.status_code == 400
    assert answer.headers["Content-Type"] == "application/problem+json"
