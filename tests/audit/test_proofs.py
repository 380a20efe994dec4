"""An auditor given a record's proof, or an extract, checks it with the platform's published
key alone: no database, no audit key."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import call_command

from qyzmet.audit.export import audit_extract
from qyzmet.audit.keyed import canonical_bytes
from qyzmet.audit.tree import Frontier, check_proof
from qyzmet.trust import platform

pytestmark = pytest.mark.django_db

# RFC 6962's test leaves and the roots of the trees of their first 1 to 8.
LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
          bytes(range(0x50, 0x58)), bytes(range(0x60, 0x70))]  # fmt: skip
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_the_tree_is_hashed_as_certificate_transparencys():
    frontier = Frontier()
    for leaf, root in zip(LEAVES, ROOTS, strict=True):
        frontier.append(leaf)
        assert frontier.root() == root


def prove(capsys, record_id: int) -> dict:
    call_command("audit", "prove", "--record", str(record_id))
    return json.loads(capsys.readouterr().out)


def test_a_records_proof_checks_with_the_published_key_alone(sealed_log, capsys):
    public_key = platform.platform_key().public_key
    for record in (sealed_log[0], sealed_log[7], sealed_log[-1]):
        proof = prove(capsys, record.pk)
        assert proof["record"]["action"] == record.action
        assert check_proof(proof, public_key=public_key)


def test_a_changed_record_or_head_does_not_check(sealed_log, capsys):
    public_key = platform.platform_key().public_key
    proof = prove(capsys, sealed_log[5].pk)
    for change in (("record", "action", "case.rejected"), ("record", "sequence", 5),
                   ("tree_head", "size", 1), ("tree_head", "root", "0" * 64)):  # fmt: skip
        changed = copy.deepcopy(proof)
        changed[change[0]][change[1]] = change[2]
        assert not check_proof(changed, public_key=public_key), change


def test_an_extract_for_an_auditor_is_signed_and_each_record_proven(sealed_log):
    extract = audit_extract(first=2, last=5)
    signature, _ = extract.pop("signature"), extract.pop("signed_by")
    public_key = platform.platform_key().public_key
    assert platform.verify(canonical_bytes(extract), signature, public_key=public_key)
    assert [r["record"]["sequence"] for r in extract["records"]] == [2, 3, 4, 5]
    for entry in extract["records"]:
        proof = {**entry, "tree_head": extract["tree_head"]}
        assert check_proof(proof, public_key=public_key)
