"""A proof is offered only when it is the right one and says nothing it must not: an officer's
record names them (decision 0065: never shown to citizens or partners), so its proof is given
to an auditor or the ombudsman on request; a record that does not name the request it is shown
for, or a proof that does not check, is "not provable" (and operators are alerted), never a
false "Sealed"."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import call_command

from qyzmet.audit.models import AuditRecord, AuditTreeHead, AuditTreeNode
from qyzmet.audit.paths import nodes_needed
from qyzmet.audit.sealing import seal_audit_log
from qyzmet.audit.services import record_audit
from tests.factories import CitizenFactory, OfficerFactory
from tests.tracker.factories import DataAccessFactory
from tests.tracker.test_proofs import page, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, demo_people):
    citizen = CitizenFactory(iin=demo_people["parent"], language="en")
    client.force_login(citizen)
    return citizen


def opened_by_officer(iin: str, officer) -> object:
    """An officer opened the citizen's attached file: the tracker entry and its audit record,
    as ``attachments.services.record_opening`` writes them."""
    access = DataAccessFactory(iin=iin, message_id="opened-1")
    record = record_audit(
        actor=officer, action="attachment.opened", obj=access, channel="backoffice",
        details={"case": "1", "kind": "attachment", "access": access.message_id},
    )  # fmt: skip
    access.audit_record = record.pk
    access.save(update_fields=["audit_record"])
    return access


def test_an_officers_record_is_given_on_request_and_never_names_them(client, me):
    officer = OfficerFactory(username="aigerim.officer")
    opened = opened_by_officer(me.iin, officer)
    seal_audit_log()

    html = page(client, opened)
    assert "Given on request" in html and "ombudsman" in html
    assert "Download the proof" not in html and "Sealed" not in html
    assert client.get(f"/data-tracker/{opened.message_id}/proof.json").status_code == 404

    response = client.get(f"/api/v1/data-accesses/{opened.message_id}/proof")
    assert response.status_code == 200
    body = response.json()
    assert body["reason"] == "on_request"
    assert body["sealed"] is None and body["proof"] is None and body["audit_record"] is None
    for text in (html, response.content.decode()):
        assert officer.username not in text
        assert f'"actor": {officer.pk}' not in text


def test_the_exchanges_record_is_still_proven(client, me):
    mine = recorded(iin=me.iin, message_id="mine-1")
    seal_audit_log()
    body = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof").json()
    assert body["sealed"] is True and body["reason"] is None
    assert body["audit_record"]["actor_label"] == "system"


def test_an_entry_pointed_at_another_record_is_not_provable(client, me, caplog):
    mine = recorded(iin=me.iin, message_id="mine-1")
    other = recorded(iin=me.iin, message_id="other-1")
    seal_audit_log()
    type(mine).objects.filter(pk=mine.pk).update(audit_record=other.audit_record)

    with caplog.at_level(logging.ERROR, logger="qyzmet.tracker.proofs"):
        html = page(client, mine)
    assert "Not provable" in html and "Sealed" not in html
    assert any("does not name it" in r.getMessage() for r in caplog.records)
    assert client.get(f"/data-tracker/{mine.message_id}/proof.json").status_code == 404
    body = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof").json()
    assert body["reason"] == "not_provable"
    assert body["proof"] is None and body["audit_record"] is None and body["sealed"] is None


def test_an_entry_pointed_at_an_officers_record_shows_nothing_of_it(client, me):
    mine = recorded(iin=me.iin, message_id="mine-1")
    officer = OfficerFactory(username="aigerim.officer")
    theirs = opened_by_officer(CitizenFactory(iin="900101300001").iin, officer)
    seal_audit_log()
    type(mine).objects.filter(pk=mine.pk).update(audit_record=theirs.audit_record)
    response = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof")
    assert response.json()["reason"] == "on_request" and response.json()["proof"] is None
    assert officer.username not in response.content.decode()


def test_a_day_lists_record_names_no_request_and_is_given_on_request(client, me, caplog):
    officer = OfficerFactory(username="aigerim.officer")
    read = DataAccessFactory(iin=me.iin, message_id="day-list-1")
    record = record_audit(
        actor=officer, action="visit.day_list_read", obj=read, channel="backoffice",
        details={"day": "2026-12-06", "visits": ["1"]},
    )  # fmt: skip
    type(read).objects.filter(pk=read.pk).update(audit_record=record.pk)
    seal_audit_log()
    with caplog.at_level(logging.ERROR, logger="qyzmet.tracker.proofs"):
        body = client.get(f"/api/v1/data-accesses/{read.message_id}/proof").json()
    assert body["reason"] == "on_request"
    assert not caplog.records  # not an alert: nothing is wrong


def test_a_changed_stored_tree_node_is_not_sealed_but_not_provable(client, me, monkeypatch,
                                                                   caplog):  # fmt: skip
    monkeypatch.setattr("qyzmet.audit.proofs.STORED_FROM", 1)  # keep nodes of two records
    mine = recorded(iin=me.iin, message_id="mine-1")
    for n in range(3):
        recorded(iin=me.iin, message_id=f"later-{n}")
    seal_audit_log()
    assert "Sealed" in page(client, mine)
    record = AuditRecord.objects.get(pk=mine.audit_record)
    size = AuditTreeHead.objects.order_by("-size").first().size
    on_its_path = sorted(n for n in nodes_needed(record.sequence - 1, size) if n[0] >= 1)
    changed = AuditTreeNode.objects.filter(level=on_its_path[0][0], index=on_its_path[0][1])
    assert changed.update(hash="0" * 64) == 1

    with caplog.at_level(logging.ERROR, logger="qyzmet.tracker.proofs"):
        html = page(client, mine)
    assert "Not provable" in html and "Sealed" not in html
    assert any("does not check" in r.getMessage() for r in caplog.records)
    assert client.get(f"/data-tracker/{mine.message_id}/proof.json").status_code == 404
    body = client.get(f"/api/v1/data-accesses/{mine.message_id}/proof").json()
    assert body["reason"] == "not_provable" and body["proof"] is None


def test_check_proof_names_the_request_the_proof_is_for(client, me, tmp_path, capsys):
    mine = recorded(iin=me.iin, message_id="mine-1")
    seal_audit_log()
    (tmp_path / "proof.json").write_bytes(
        client.get(f"/data-tracker/{mine.message_id}/proof.json").content
    )
    (tmp_path / "keys.json").write_bytes(client.get("/verify/keys.json").content)
    call_command("audit", "check-proof", str(tmp_path / "proof.json"),
                 "--keys", str(tmp_path / "keys.json"))  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("Proven: record")
    assert "It is the record of the data access mine-1." in out
    assert json.loads((tmp_path / "proof.json").read_text())["record"]["details"]["message_id"]
