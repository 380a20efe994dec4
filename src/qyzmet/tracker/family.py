"""Whose data a citizen's tracker shows: their own, and their living children's under 18, as
the population registry says through the exchange (legal basis ``data-tracker-children``;
that read is itself recorded, and shown to the parent). A child who turns 18 drops out: from
then on they are an adult with a tracker of their own.

A process keeps what it read of a citizen's family ``FAMILY_SECONDS`` in memory (never on disk),
so a parent paging through their tracker or opening it again soon does not add a read of their
children each time."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

from qyzmet.core.errors import Invalid
from qyzmet.core.pseudonyms import keyed_digest, subject_digest
from qyzmet.core.texts import LANGUAGES, Text
from qyzmet.exchange.client import ExchangeRefused, RegistryUnavailable
from qyzmet.representation.registry import minor_children
from qyzmet.tracker.concealments import Problem

logger = logging.getLogger("qyzmet.tracker")

BASIS = "data-tracker-children"
SYSTEM = "tracker"
ME = "me"
CHILD_KEY = "tracker.child"  # the purpose of the keyed hash naming a child in a filter
FAMILY_SECONDS = 600.0  # how long a process keeps a family it read
KEPT_AT_MOST = 10_000  # families kept by one process; the expired go first when it is reached


@dataclass(frozen=True)
class Subject:
    """Someone an access is about, as their parent (or they themself) is shown it."""

    key: str  # ``me``, or ``child-`` and a keyed hash: names a child without their IIN
    relation: Literal["self", "child"]
    name: Text | None  # a child's full name; None for the citizen themself


@dataclass(frozen=True)
class Family:
    """The citizen and their minor children, by the subject digest the exchange records."""

    by_digest: dict[str, Subject]
    complete: bool = True  # False: the registry did not answer, the children are unknown

    @property
    def children(self) -> list[Subject]:
        return [s for s in self.by_digest.values() if s.relation == "child"]

    def digests(self, about: str | None = None) -> list[str]:
        """The digests of everyone, or of the one ``about`` names (``me`` or a child's key);
        another key is ``Invalid``."""
        if not about:
            return list(self.by_digest)
        found = [digest for digest, s in self.by_digest.items() if s.key == about]
        if not found:
            keys = ", ".join(s.key for s in self.by_digest.values())
            raise Invalid("tracker.about", [Problem("about", "tracker.about", {"keys": keys})])
        return found

    def known(self, about: str) -> str:
        """``about`` when it names someone of the family, else ``""`` (everyone)."""
        return about if any(s.key == about for s in self.by_digest.values()) else ""

    def about(self, digest: str) -> Subject | None:
        return self.by_digest.get(digest)


def _child_key(parent_iin: str, child_iin: str) -> str:
    return "child-" + keyed_digest(f"{parent_iin}:{child_iin}", purpose=CHILD_KEY)[:16]


def _name(child: dict[str, Any]) -> Text:
    """The child's full name in each language; the registry keeps no English one, so the
    Russian stands for it (as ``core.texts.pick`` would)."""
    name = child.get("full_name") or {}
    return {language: name.get(language) or name.get("ru", "") for language in LANGUAGES}


_families: dict[str, tuple[float, Family]] = {}  # subject digest -> (until, the family)
_keeping = threading.Lock()  # a worker's threads keep families at once (decision 67)


def _keep(digest: str, family: Family) -> None:
    now = time.monotonic()
    with _keeping:
        if len(_families) >= KEPT_AT_MOST:
            for kept in [d for d, (until, _) in list(_families.items()) if until <= now]:
                _families.pop(kept, None)
            if len(_families) >= KEPT_AT_MOST:
                _families.clear()
        _families[digest] = (now + FAMILY_SECONDS, family)


def forget_families() -> None:
    """Read every family afresh at its next look (in tests)."""
    _families.clear()


def family_of(citizen: Any) -> Family:
    """The citizen and their living children under 18 today, read from the population registry
    at most ``FAMILY_SECONDS`` ago (``RegistryUnavailable`` when it does not answer)."""
    iin = getattr(citizen, "iin", None)
    if not iin:
        return Family({})
    digest = subject_digest(iin)
    known = _families.get(digest)
    if known is not None and known[0] > time.monotonic():
        return known[1]
    subjects = {digest: Subject(ME, "self", None)}
    for child in minor_children(iin, system=SYSTEM, basis=BASIS):
        key = _child_key(iin, child["iin"])
        subjects[subject_digest(child["iin"])] = Subject(key, "child", _name(child))
    family = Family(subjects)
    _keep(digest, family)
    return family


def family_shown_to(citizen: Any) -> Family:
    """``family_of`` the citizen or, when the registry does not answer or refuses, the citizen
    alone (``complete`` False), so that their own requests are still shown."""
    try:
        return family_of(citizen)
    except (RegistryUnavailable, ExchangeRefused) as error:
        logger.warning("the tracker shows no children: %s", error.code)
        iin = getattr(citizen, "iin", None)
        alone = {subject_digest(iin): Subject(ME, "self", None)} if iin else {}
        return Family(alone, complete=False)
