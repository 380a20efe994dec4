"""The Merkle tree of the audit log, hashed as Certificate Transparency's logs are (RFC 6962,
RFC 9162 section 2.1): a leaf is ``SHA-256(0x00 || leaf)``, a node ``SHA-256(0x01 || left ||
right)``, and a tree of n leaves splits at the largest power of two below n.

Nothing here knows Django or the database: an auditor checks a record's inclusion proof with
``check_proof`` and the platform's public key alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """The roots of the perfect subtrees along the right edge of a tree (largest first): all
    it takes to append leaves and compute the root, whatever the tree's size."""

    def __init__(self, *, size: int = 0, hashes: Sequence[str] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} frontier hashes")
        self.size = size
        self._hashes = [bytes.fromhex(h) for h in hashes]

    @property
    def hashes(self) -> list[str]:
        return [h.hex() for h in self._hashes]

    def append(self, leaf: bytes) -> list[tuple[int, bytes]]:
        """Add ``leaf``; the perfect subtrees it completes, as ``(level, hash)`` from the leaf
        (level 0) up: the one of level L is node ``size // 2**L - 1`` of that level."""
        self._hashes.append(leaf_hash(leaf))
        self.size += 1
        completed = [(0, self._hashes[-1])]
        # Each trailing 0 bit of the new size is a pair of equal subtrees to merge.
        merges = (self.size & -self.size).bit_length() - 1
        for level in range(1, merges + 1):
            right = self._hashes.pop()
            self._hashes[-1] = node_hash(self._hashes[-1], right)
            completed.append((level, self._hashes[-1]))
        return completed

    def root(self) -> str:
        if not self._hashes:
            return EMPTY_ROOT
        root = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            root = node_hash(left, root)
        return root.hex()


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def _root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    """RFC 6962's MTH over leaf hashes (the split keeps odd leaves on the right)."""
    if len(hashes) == 1:
        return hashes[0]
    k = _largest_power_of_two_below(len(hashes))
    return node_hash(_root_of_hashes(hashes[:k]), _root_of_hashes(hashes[k:]))


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[str]:
    """RFC 6962's audit path of leaf ``index`` (from 0) in the tree of ``leaf_hashes``."""
    if not 0 <= index < len(leaf_hashes):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaf_hashes)}")
    path: list[str] = []
    hashes = leaf_hashes
    while len(hashes) > 1:
        k = _largest_power_of_two_below(len(hashes))
        if index < k:
            path.append(_root_of_hashes(hashes[k:]).hex())
            hashes = hashes[:k]
        else:
            path.append(_root_of_hashes(hashes[:k]).hex())
            hashes, index = hashes[k:], index - k
    return list(reversed(path))


def proves_inclusion(*, leaf: bytes, index: int, size: int, path: Sequence[str], root: str) -> bool:
    """True when ``path`` proves that ``leaf`` is leaf ``index`` (from 0) of the tree of
    ``size`` leaves whose root is ``root`` (RFC 9162, 2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for step in path:
        if sn == 0:
            return False
        p = bytes.fromhex(step)
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r.hex() == root


def head_message(size: int, root: str, at: str) -> bytes:
    """What the platform key signs of a tree head."""
    return f"qyzmet-audit-tree-head:{size}:{root}:{at}".encode()


def leaf_of(record: dict[str, Any]) -> bytes:
    """A record (its number, content and keyed hash, as a proof carries it) as a leaf."""
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def check_proof(proof: dict[str, Any], *, public_key: Ed25519PublicKey) -> bool:
    """True when ``proof`` (from ``qyzmet audit prove``) shows its record in a tree head signed
    with ``public_key`` (the platform's audit key, published in ``/verify/keys.json``)."""
    try:
        head, record = proof["tree_head"], proof["record"]
        signature = base64.urlsafe_b64decode(
            head["signature"] + "=" * (-len(head["signature"]) % 4)
        )
        public_key.verify(signature, head_message(int(head["size"]), head["root"], head["at"]))
        return proves_inclusion(
            leaf=leaf_of(record),
            index=int(record["sequence"]) - 1,
            size=int(head["size"]),
            path=proof["path"],
            root=head["root"],
        )
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False


def audit_key_in(key_set: dict[str, Any], key_id: str) -> Ed25519PublicKey | None:
    """The platform's audit key ``key_id`` from the published key set (``/verify/keys.json``,
    a JSON Web Key Set), or None."""
    for key in key_set.get("keys") or []:
        if isinstance(key, dict) and key.get("kid") == key_id and key.get("purpose") == "audit":
            x = str(key.get("x"))
            try:
                raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
                return Ed25519PublicKey.from_public_bytes(raw)
            except ValueError:
                return None
    return None
