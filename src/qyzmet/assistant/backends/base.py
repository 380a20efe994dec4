"""The contract of an assistant backend, and the registry of backends by name.

A backend scores every target of a corpus (the catalogue's life situations and services) for
a request: log-probabilities up to a constant (its raw similarity divided by a temperature
fitted on the tuning set), so that a softmax gives each target's probability, and whether
anything matches at all (its best raw similarity reaches the backend's floor). ``prepare``
does the slow work once per corpus (an index, embeddings) and ``ready`` says whether it is
done, so that a web request never waits for it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from qyzmet.assistant.corpus import Corpus


class BackendUnavailable(Exception):
    """The backend cannot run here (its package is not installed, its index is not built)."""


@dataclass(frozen=True)
class Scores:
    logits: list[float]  # one per target of the corpus
    matched: bool  # False: nothing in the catalogue is close to the request


@dataclass(frozen=True)
class Request:
    """A citizen's words as the backends receive them."""

    text: str
    language: str = ""  # detected: kk, ru, en or another ISO 639-1 code; "" when unknown
    model_text: str = ""  # the text for a model: Latin-script Kazakh or Russian in Cyrillic


class Backend(ABC):
    """Base class of a backend; subclasses set ``name`` and implement the three methods."""

    name: str = ""

    @property
    def version(self) -> str:
        """The backend's and its model's version, logged with every answer."""
        return self.name

    def available(self) -> bool:
        """Whether the backend can run in this installation."""
        return True

    @abstractmethod
    def ready(self, corpus: Corpus) -> bool:
        """Whether ``score`` is cheap for this corpus now (its index is built)."""

    @abstractmethod
    def prepare(self, corpus: Corpus) -> None:
        """Build or load what ``score`` needs for this corpus; may take seconds."""

    @abstractmethod
    def score(self, corpus: Corpus, request: Request) -> Scores:
        """Every target of ``corpus`` scored; raises ``BackendUnavailable`` if not ready."""


class BackendRegistry:
    """Backends by name; tests build their own."""

    def __init__(self) -> None:
        self._factories: dict[str, Callable[[], Backend]] = {}
        self._made: dict[str, Backend] = {}

    def register(self, name: str, factory: Callable[[], Backend]) -> None:
        if name in self._factories:
            raise ValueError(f"assistant backend {name!r} is registered twice")
        self._factories[name] = factory

    def __getitem__(self, name: str) -> Backend:
        if name not in self._made:
            self._made[name] = self._factories[name]()
        return self._made[name]

    def __contains__(self, name: object) -> bool:
        return name in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)
