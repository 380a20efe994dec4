"""Authenticated encryption of one value: AES-256-GCM with the key ring's current key.

A ciphertext is text, ``<key id>$<base64 of nonce, ciphertext and tag>``: it names the key
that decrypts it, so older keys keep working after a rotation. The *context* (the table and
column, e.g. ``registries_person.iin``) is bound to it as associated data: a value copied
into another column no longer decrypts.
"""

from __future__ import annotations

import binascii
import os
from collections.abc import Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from qyzmet.core.keyring import KeyRing, KeyRingError, UnknownKey, key_ring, reload_key_ring

NONCE_BYTES = 12
SEPARATOR = "$"

_ciphers: dict[tuple[str, bytes], AESGCM] = {}


class UndecryptableValue(KeyRingError):
    """A stored value fails authentication: altered, moved, or the key is not the right one."""


def _cipher(ring: KeyRing, key_id: str) -> AESGCM:
    key = ring.key(key_id).key
    cipher = _ciphers.get((key_id, key))
    if cipher is None:
        cipher = _ciphers[(key_id, key)] = AESGCM(key)
    return cipher


def encrypt(plain: bytes, context: str, *, ring: KeyRing | None = None) -> str:
    ring = ring or key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(ring, ring.current).encrypt(nonce, plain, context.encode())
    return f"{ring.current}{SEPARATOR}{binascii.b2a_base64(nonce + sealed, newline=False).decode()}"


def sealer(context: str, *, ring: KeyRing | None = None) -> Callable[[bytes], str]:
    """``encrypt`` for many values of one column, with its key and context looked up once
    (the registries' bulk loader seals millions)."""
    ring = ring or key_ring()
    cipher, aad = _cipher(ring, ring.current), context.encode()
    prefix, b2a, next_nonce = f"{ring.current}{SEPARATOR}", binascii.b2a_base64, _nonces().__next__

    def seal(plain: bytes) -> str:
        nonce = next_nonce()
        return prefix + b2a(nonce + cipher.encrypt(nonce, plain, aad), newline=False).decode()

    return seal


def _nonces() -> Iterator[bytes]:
    """Random nonces read from the system 4,096 at a time (one call each costs a system call).
    Each sealer has its own, so a process forked afterwards never repeats one."""
    while True:
        block = os.urandom(NONCE_BYTES * 4096)
        for start in range(0, len(block), NONCE_BYTES):
            yield block[start : start + NONCE_BYTES]


def key_id_of(token: str) -> str:
    key_id, separator, _ = token.partition(SEPARATOR)
    if not separator:
        raise UndecryptableValue("a value is not encrypted (no key id)")
    return key_id


def decrypt(token: str, context: str, *, ring: KeyRing | None = None) -> bytes:
    key_id, separator, body = token.partition(SEPARATOR)
    if not separator:
        raise UndecryptableValue(f"a value in {context} is not encrypted")
    ring = ring or key_ring()
    if key_id not in ring.keys:
        ring = reload_key_ring()  # another server may have rotated
    try:
        raw = binascii.a2b_base64(body)
        return _cipher(ring, key_id).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except UnknownKey:
        raise
    except (InvalidTag, ValueError, binascii.Error):
        raise UndecryptableValue(
            f"a value in {context} does not decrypt with data key {key_id!r}: the key file is "
            "not the one the data was encrypted with, or the value was altered"
        ) from None


def encrypt_text(text: str, context: str, *, ring: KeyRing | None = None) -> str:
    return encrypt(text.encode(), context, ring=ring)


def decrypt_text(token: str, context: str, *, ring: KeyRing | None = None) -> str:
    return decrypt(token, context, ring=ring).decode()


def reencrypt(token: str, context: str, *, ring: KeyRing) -> str:
    """The same value under the ring's current key (unchanged when already under it)."""
    if token.startswith(ring.current + SEPARATOR):
        return token
    return encrypt(decrypt(token, context, ring=ring), context, ring=ring)
