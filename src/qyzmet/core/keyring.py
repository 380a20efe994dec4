"""The data keys that encrypt personal data at rest, kept outside the database.

A key ring holds several AES-256 keys, each with an id; one is *current* and encrypts, the
others still decrypt what they encrypted before a rotation. Beside them is the *index key*,
from which the keyed hashes of identifiers (``core.pseudonyms``) are made; it never rotates
with the data keys, or every index would have to be rebuilt.

The ring comes from ``QYZMET_DATA_KEYS`` (the JSON below, for a secrets manager) or else
from ``data-keys.json`` in the key folder (``QYZMET_KEY_DIR``), created on first use so that
a fresh checkout works with no configuration::

    {"format": "qyzmet-data-keys/1", "current": "k20261121-3fa9c1",
     "index": "<base64 of 32 bytes>",
     "keys": [{"id": "k20261121-3fa9c1", "key": "<base64 of 32 bytes>",
               "created": "2026-11-21T13:50:00+00:00"}]}

Several app servers share the file (a shared folder, or the same secret). Each process looks
at the file's modification time every 30 seconds and takes a new current key from then on; one
that meets a ciphertext under a key id it does not know reads the file at once, so a rotation
started on one server never stops another from reading what it re-encrypted.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT = "qyzmet-data-keys/1"
FILE_NAME = "data-keys.json"
KEY_BYTES = 32
KEY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,39}$")


class KeyRingError(ImproperlyConfigured):
    """The data keys are missing, unreadable or not the ones the data was encrypted with."""


class UnknownKey(KeyRingError):
    """A ciphertext names a key id the ring does not hold."""

    def __init__(self, key_id: str, source: str) -> None:
        super().__init__(
            f"personal data is encrypted with data key {key_id!r}, which {source} does not "
            "hold: restore the key file from its backup (or set QYZMET_DATA_KEYS to it)"
        )
        self.key_id = key_id


@dataclass(frozen=True)
class DataKey:
    key_id: str
    key: bytes
    created: str


@dataclass(frozen=True)
class KeyRing:
    current: str
    index_key: bytes
    keys: dict[str, DataKey]
    source: str

    def key(self, key_id: str) -> DataKey:
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownKey(key_id, self.source) from None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "current": self.current,
            "index": _b64(self.index_key),
            "keys": [
                {"id": k.key_id, "key": _b64(k.key), "created": k.created}
                for k in self.keys.values()
            ],
        }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: Any, what: str, source: str) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except ValueError:
        raise KeyRingError(f"{source}: {what} is not base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyRingError(f"{source}: {what} must be {KEY_BYTES} bytes, not {len(raw)}")
    return raw


def parse(text: str, source: str) -> KeyRing:
    """A key ring from its JSON; a clear ``KeyRingError`` naming what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise KeyRingError(f"{source} is not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KeyRingError(f'{source} is not a key ring ("format": "{FORMAT}")')
    entries = data.get("keys")
    if not isinstance(entries, list) or not entries:
        raise KeyRingError(f"{source} holds no data keys")
    keys: dict[str, DataKey] = {}
    for entry in entries:
        key_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        if not KEY_ID.match(key_id):
            raise KeyRingError(f"{source}: a key id is 3-40 of a-z, 0-9 and -, not {key_id!r}")
        key = _unb64(entry.get("key"), f"key {key_id}", source)
        keys[key_id] = DataKey(key_id, key, str(entry.get("created", "")))
    current = str(data.get("current", ""))
    if current not in keys:
        raise KeyRingError(f"{source}: the current key {current!r} is not among its keys")
    return KeyRing(current, _unb64(data.get("index"), "the index key", source), keys, source)


def new_key_id() -> str:
    return f"k{datetime.date.today():%Y%m%d}-{secrets.token_hex(3)}"


def with_new_current_key(ring: KeyRing) -> KeyRing:
    """The ring plus a fresh key, which becomes current."""
    key = DataKey(new_key_id(), secrets.token_bytes(KEY_BYTES), _now())
    return KeyRing(key.key_id, ring.index_key, {**ring.keys, key.key_id: key}, ring.source)


def without_key(ring: KeyRing, key_id: str) -> KeyRing:
    if key_id == ring.current:
        raise KeyRingError(f"{key_id} is the current key; rotate before retiring it")
    keys = {k: v for k, v in ring.keys.items() if k != key_id}
    return KeyRing(ring.current, ring.index_key, keys, ring.source)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def key_file() -> Path:
    return Path(settings.KEY_DIR) / FILE_NAME


def from_environment() -> bool:
    return bool(settings.DATA_KEYS)


_lock = threading.Lock()
_cache: dict[str, KeyRing] = {}
_last: tuple[str, KeyRing, float] | None = None  # source, ring, when to look at the file again
LOOK_AGAIN_SECONDS = 30.0  # a rotation on another server is seen within this


def _source() -> str:
    return "env" if from_environment() else str(key_file())


def key_ring(*, create: bool = True) -> KeyRing:
    """The key ring in force, cached per process; the file is created on first use (a fresh
    checkout) unless ``create`` is false."""
    global _last
    source = str(settings.DATA_KEYS or settings.KEY_DIR)
    last, now = _last, time.monotonic()
    if last is not None and last[0] == source:
        if now < last[2] or from_environment():
            return last[1]
        if _changed_on_disk(last[1]):  # another server rotated: encrypt with its new key
            _cache.pop(_source(), None)
    ring = _cache.get(_source()) or _load(create=create)
    _last = (source, ring, now + LOOK_AGAIN_SECONDS)
    return ring


_read_at: dict[str, float] = {}  # the key file's modification time when it was read


def _changed_on_disk(ring: KeyRing) -> bool:
    try:
        return key_file().stat().st_mtime != _read_at.get(ring.source)
    except OSError:
        return False


def _load(*, create: bool) -> KeyRing:
    if from_environment():
        ring = parse(settings.DATA_KEYS, "QYZMET_DATA_KEYS")
        _cache["env"] = ring
        return ring
    path = key_file()
    with _lock:
        if not path.exists():
            if not create:
                raise KeyRingError(
                    f"the data key file {path} is missing: restore it from its backup "
                    "(or set QYZMET_DATA_KEYS)"
                )
            _create_file(path)
        return _read(path)


def reload_key_ring() -> KeyRing:
    """Read the key file again (another server rotated); the environment never changes."""
    global _last
    if from_environment():
        return key_ring()
    with _lock:
        ring = _read(key_file())
    _last = None
    return ring


def _read(path: Path) -> KeyRing:
    try:
        modified = path.stat().st_mtime  # before reading: a newer file is read again
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KeyRingError(f"cannot read the data key file {path}: {error}") from None
    ring = parse(text, str(path))
    _cache[str(path)] = ring
    _read_at[str(path)] = modified
    return ring


def _create_file(path: Path) -> None:
    first = DataKey(new_key_id(), secrets.token_bytes(KEY_BYTES), _now())
    ring = KeyRing(first.key_id, secrets.token_bytes(KEY_BYTES), {first.key_id: first}, str(path))
    _write(path, ring, exclusive=True)


def save_key_ring(ring: KeyRing) -> None:
    """Replace the key file atomically (write beside it, then rename); never with the
    environment's ring, which only its owner can change."""
    if from_environment():
        raise KeyRingError(
            "the data keys come from QYZMET_DATA_KEYS: change that secret on every server "
            "(`qyzmet keys new` prints a ring with a new current key)"
        )
    path = key_file()
    with _lock:
        _write(path, ring, exclusive=False)
    forget_cached_key_ring()


def _write(path: Path, ring: KeyRing, *, exclusive: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    text = json.dumps(ring.to_json(), indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    with temporary.open("x", encoding="utf-8") as file:
        os.chmod(temporary, 0o600)
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    if not exclusive:
        os.replace(temporary, path)
        return
    try:  # a link is atomic and fails when another process created the file first
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def forget_cached_key_ring() -> None:
    """Read the ring again on next use (after saving it; tests that change the key folder)."""
    global _last
    _cache.clear()
    _last = None
