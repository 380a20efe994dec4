"""Portal template helpers: names of registry fields and form fields in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext

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


PRIMARY_LIMIT = 4  # links shown in the service navigation; the rest wait in the Account menu


@register.simple_tag(takes_context=True)
def portal_menu(context: Any) -> dict[str, list[dict[str, Any]]]:
    """The portal's links for the header: ``primary`` ones in the service navigation (at most
    ``PRIMARY_LIMIT``), ``account`` ones behind the Account menu; kept on the request, since
    the desktop header and the phone's Menu show the same links."""
    request = context["request"]
    cached = getattr(request, "_portal_menu", None)
    if cached is not None:
        return cached
    user = request.user
    here = request.resolver_match.url_name if request.resolver_match else ""

    def link(
        name: str, label: str, *, also: tuple[str, ...] = (), count: int = 0, count_label: str = ""
    ) -> dict[str, Any]:
        return {
            "url": reverse(f"portal:{name}"),
            "label": label,
            "current": here in (name, *also),
            "count": count,
            "count_label": count_label,
        }

    primary = [link("home", gettext("Life situations"))]
    account: list[dict[str, Any]] = []
    if user.is_authenticated and getattr(user, "iin", ""):
        primary += [
            link("applications", gettext("My applications"), also=("application",)),
            link(
                "offers",
                gettext("Offers"),
                count=open_offers(user),
                count_label=gettext("waiting for your answer"),
            ),
            link(
                "inbox",
                gettext("Inbox"),
                count=unread_notifications(user),
                count_label=gettext("unread"),
            ),
        ]
        account = [
            link("preferences", gettext("Account settings")),
            link("data-tracker", gettext("Data tracker")),
            link("consents", gettext("Consents")),
            link("representatives", gettext("Representatives"), also=("give-mandate",)),
        ]
    else:
        primary.append(link("statistics", gettext("Service quality")))
    menu = {"primary": primary[:PRIMARY_LIMIT], "account": primary[PRIMARY_LIMIT:] + account}
    request._portal_menu = menu
    return menu
