"""Portal template helpers: names of registry fields and form fields in the active language."""

from __future__ import annotations

from typing import Any

from django import template

from qyzmet.core.identifiers import masked_iin
from qyzmet.core.texts import pick
from qyzmet.notifications.selectors import unread_count
from qyzmet.offers.selectors import open_offer_count
from qyzmet.registries.fields import FIELD_LABELS, REGISTRY_NAMES
from qyzmet.representation import words as representation_words

register = template.Library()


@register.filter
def registry_field_label(path: str) -> str:
    return pick(FIELD_LABELS.get(path)) or path


@register.filter
def registry_name(path: str) -> str:
    registry = path.split(".", 1)[0]
    return pick(REGISTRY_NAMES.get(registry)) or registry


@register.filter
def field_label(spec: dict[str, Any]) -> str:
    return pick(spec.get("x-label"))


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many notifications in the citizen's inbox are not read yet."""
    return unread_count(user) if getattr(user, "is_authenticated", False) else 0


@register.simple_tag
def open_offers(user: Any) -> int:
    """How many offers wait for the citizen's answer."""
    return open_offer_count(user) if getattr(user, "is_authenticated", False) else 0


@register.filter
def ground_label(ground: str) -> str:
    """On what ground someone acts for another (``representation.grounds``), in words."""
    return pick(representation_words.GROUNDS.get(ground)) or ground


@register.filter
def mandate_kind(kind: str) -> str:
    return pick(representation_words.KINDS.get(kind)) or kind


@register.filter
def mandate_state(state: str) -> str:
    return pick(representation_words.STATES.get(state)) or state


@register.filter
def masked(identifier: str) -> str:
    """An IIN with its middle hidden, as the verify page shows it."""
    return masked_iin(identifier or "")
