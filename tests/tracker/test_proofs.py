"""A citizen proves that a request for their data is in the audit log: from the tracker, a
page saying whether it is sealed yet and how to check it offline, and the proof to download
(or through the API), which ``qyzmet audit check-proof`` accepts with the published keys
alone. Another person's request is not found, on every way in."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import record_audit
from qyzmet.audit.tree import check_proof
from qyzmet.tracker.concealments import hide_access
from qyzmet.trust import platform
from tests.factories import CitizenFactory
from tests.tracker.factories import DataAccessFactory

pytestmark = pytest.mark.django_db


def recorded(**kwargs):
    """A request as the exchange records it: the access and its audit record."""
    access = DataAccessFactory(**kwargs)
    record = record_audit(
        actor=None, action=f"exchange.{access.outcome}", obj=access, channel="exchange",
        details={"message_id": access.message_id, "registry": access.registry},
    )  # fmt: skip
    access.audit_record = record.pk
    access.save(update_fields=["audit_record"])
    return access


@pytest.fixture
def me(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    client.force_login(citizen)
    return citizen


@pytest.fixture
def mine(me):
    return recorded(iin=me.iin, message_id="mine-1")


def page(client, access) -> str:
    response = client.get(f"/data-tracker/{access.message_id}/proof/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_tracker_links_each_request_to_its_proof(client, mine):
    html = client.get("/data-tracker/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/data-tracker/{mine.message_id}/proof/"' in html


def test_before_the_next_seal_the_page_says_it_will_be_provable(client, mine):
    html = page(client, mine)
    assert "Not sealed yet" in html
    assert "provable after the next seal" in html
    assert client.get(f"/data-tracker/{mine.message_id}/proof.json").status_code == 404


def test_once_sealed_the_downloaded_proof_checks_offline(client, mine, tmp_path, capsys):
    seal_audit_log()
    html = page(client, mine)
    assert "Sealed" in html and "qyzmet audit check-proof" in html

    response = client.get(f"/data-tracker/{mine.message_id}/proof.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    proof = json.loads(response.content)
    assert proof["record"]["object_id"] == str(mine.pk)
    assert check_proof(proof, public_key=platform.platform_key().public_key)

    (tmp_path / "proof.json").write_bytes(response.content)
    (tmp_path / "keys.json").write_bytes(client.get("/verify/keys.json").content)
    call_command("audit", "check-proof", str(tmp_path / "proof.json"),
                 "--keys", str(tmp_path / "keys.json"))  # fmt: skip
    assert capsys.readouterr().out.startswith("Proven: record")


def test_a_changed_proof_file_is_not_proven(client, mine, tmp_path, capsys):
    seal_audit_log()
    proof = json.loads(client.get(f"/data-tracker/{mine.message_id}/proof.json").content)
    proof["record"]["details"]["registry"] = "tax"
    (tmp_path / "proof.json").write_text(json.dumps(proof))
    (tmp_path / "keys.json").write_bytes(client.get("/verify/keys.json").content)
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "check-proof", str(tmp_path / "proof.json"),
                     "--keys", str(tmp_path / "keys.json"))  # fmt: skip
    assert exit_.value.code == 1
    assert capsys.readouterr().out.startswith("Not proven")


def test_another_citizens_request_is_not_found_anywhere(client, me, demo_people):
    theirs = recorded(iin=demo_people["pensioner"], message_id="theirs-1")
    seal_audit_log()
    for path in (f"/data-tracker/{theirs.message_id}/proof/",
                 f"/data-tracker/{theirs.message_id}/proof.json",
                 f"/api/v1/data-accesses/{theirs.message_id}/proof"):  # fmt: skip
        assert client.get(path).status_code == 404, path


def test_a_hidden_request_has_no_proof_until_it_shows(client, mine):
    hide_access(
        message_id=mine.message_id, basis="criminal-investigation", reference="Case 1",
        requested_by="Police", until=timezone.now() + datetime.timedelta(days=30),
        actor=None, channel="command",
    )  # fmt: skip
    seal_audit_log()
    assert client.get(f"/data-tracker/{mine.message_id}/proof/").status_code == 404


def test_through_the_api_the_citizen_gets_the_proof(client, mine):
    response = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof")
    assert response.status_code == 200
    assert response.json()["sealed"] is False and response.json()["proof"] is None

    seal_audit_log()
    body = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof").json()
    assert body["sealed"] is True
    assert body["audit_record"]["sequence"] == body["proof"]["record"]["sequence"]
    assert check_proof(body["proof"], public_key=platform.platform_key().public_key)
    assert body["check"].startswith("qyzmet audit check-proof")


def test_an_unknown_request_is_a_404_in_the_callers_language(client, me):
    response = client.get("/api/v1/data-accesses/nope/proof", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Такой запрос не найден."
