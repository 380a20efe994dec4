"""What a partner may do: the OAuth2 scopes, and the backend that limits each partner's
tokens to the scopes an operator allowed it."""

from __future__ import annotations

from typing import Any

from oauth2_provider.scopes import BaseScopes

from qyzmet.core.errors import Forbidden

SCOPES: dict[str, str] = {
    "catalog:read": "Read the catalogue: life situations, services, their forms.",
    "consents:request": "Ask a citizen to let the partner act for them, for a purpose.",
    "applications:read": "Read the applications a citizen made through the partner.",
    "applications:write": "Start, save, submit and withdraw applications for a citizen.",
    "data-accesses:read": "Read a citizen's data tracker: who asked for their data and why.",
    "mandates:read": "See whom a citizen may act for, and the mandates they gave or received.",
    "mandates:write": "Give, accept, decline and end mandates for a citizen.",
    "webhooks:read": "Read the partner's log of webhook deliveries.",
    "webhooks:write": "Ask for a failed webhook delivery again.",
}
CITIZEN_SCOPES = (  # what a citizen can grant
    "applications:read",
    "applications:write",
    "data-accesses:read",
    "mandates:read",
    "mandates:write",
)
SCOPE_LABELS: dict[str, dict[str, str]] = {  # what the citizen reads on a consent
    "applications:read": {
        "kk": "өтінімдеріңізді және олардың мәртебесін көру",
        "ru": "видеть ваши заявки и их статус",
        "en": "see your applications and their status",
    },
    "applications:write": {
        "kk": "сіздің атыңыздан өтінім беру және кері қайтару",
        "ru": "подавать и отзывать заявки от вашего имени",
        "en": "submit and withdraw applications on your behalf",
    },
    "data-accesses:read": {
        "kk": "деректеріңізді кім, қашан және не үшін сұрағанын көру (деректер трекері)",
        "ru": "видеть, кто, когда и зачем запрашивал ваши данные (трекер данных)",
        "en": "see who asked for your data, when and why (data tracker)",
    },
    "mandates:read": {
        "kk": "кімнің атынан әрекет ете алатыныңызды және берген, алған сенімхаттарыңызды көру",
        "ru": "видеть, за кого вы можете действовать, и ваши выданные и полученные доверенности",
        "en": "see whom you may act for, and the mandates you gave or received",
    },
    "mandates:write": {
        "kk": "сіздің атыңыздан сенімхат беру, қабылдау, бас тарту және тоқтату",
        "ru": "выдавать, принимать, отклонять и прекращать доверенности от вашего имени",
        "en": "give, accept, decline and end mandates in your name",
    },
}


class PartnerScopes(BaseScopes):
    """django-oauth-toolkit's scopes backend: a token gets at most its partner's scopes."""

    def get_all_scopes(self) -> dict[str, str]:
        return SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        partner = getattr(application, "partner", None)
        return list(partner.scopes) if partner is not None and partner.active else []

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return self.get_available_scopes(application, request)


def ensure_scope(granted: frozenset[str] | None, scope: str) -> None:
    """Refuse unless ``scope`` was granted; ``None`` means a citizen or officer acting
    themselves, who may do whatever their role allows."""
    if granted is not None and scope not in granted:
        raise Forbidden("auth.scope_missing", {"scope": scope})
