"""``{% registry_value path value as shown %}``: a registry value in words in the active
language, for ``registries/value.html`` to render (portal and back office alike)."""

from __future__ import annotations

from typing import Any

from django import template

from qyzmet.registries.presentation import Shown, present

register = template.Library()


@register.simple_tag
def registry_value(path: str, value: Any) -> Shown:
    return present(path, value)
