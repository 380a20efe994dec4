"""The reference of an application: a short number a person can read aloud, type from an SMS
and tell an officer on the phone (``QZ-7K4M-2P9X``), used on every channel. It names an
application; it opens nothing: every channel still asks whose session it is (decision 0041)."""

from __future__ import annotations

import re
import secrets

PREFIX = "QZ"
# Digits and capitals without look-alikes: no 0/O, 1/I/L, and no U (read as V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = (4, 4)
LENGTH = len(PREFIX) + sum(GROUPS) + len(GROUPS)  # "QZ-7K4M-2P9X": 12 characters

# Cyrillic capitals of the same shape as a Latin one of the alphabet: a reference read from
# paper and typed with a Russian or Kazakh keyboard layout still finds its application.
_SAME_SHAPE = str.maketrans("АВСЕНКМРТХУЗ", "ABCEHKMPTXY3")
_PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{{GROUPS[0]}}}-[{ALPHABET}]{{{GROUPS[1]}}}$")


def new_reference() -> str:
    """A fresh reference from the operating system's random source, not checked unused: the
    unique constraint refuses one taken (rare: there are 30⁸), and the service saving a new
    application draws again (``saving.taken``)."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS]
    return "-".join([PREFIX, *groups])


def normalised_reference(text: str) -> str | None:
    """``text`` as a reference if it reads as one, whatever its case, spacing, dashes, prefix
    or keyboard layout (``qz 7k4m 2p9x``, ``7К4М2Р9Х``); ``None`` if it cannot be one."""
    compact = re.sub(r"[\s\-_.]", "", text.upper().translate(_SAME_SHAPE))
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + sum(GROUPS):
        compact = compact[len(PREFIX) :]
    if len(compact) != sum(GROUPS):
        return None
    reference = f"{PREFIX}-{compact[: GROUPS[0]]}-{compact[GROUPS[0] :]}"
    return reference if _PATTERN.match(reference) else None


def is_reference(text: str) -> bool:
    """Whether ``text`` is written as a reference is, as ``QZ-7K4M-2P9X``."""
    return bool(_PATTERN.match(text))
