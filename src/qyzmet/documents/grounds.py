"""Why a document was revoked, as whoever checks it is told: a coded ground in their language,
never the written reason (it may name people or quote their data; the citizen reads it in
their own notifications)."""

from __future__ import annotations

from qyzmet.applications.grounds import GROUNDS
from qyzmet.core.texts import Text, pick

ISSUED_IN_ERROR = "issued_in_error"  # the document itself was wrong; the decision stands

REVOCATION_GROUNDS: dict[str, Text] = {
    **GROUNDS,
    ISSUED_IN_ERROR: {
        "kk": "Құжат қатемен берілген",
        "ru": "Документ выдан по ошибке",
        "en": "Issued in error",
    },
}


def revocation_ground_label(ground: str, language: str | None = None) -> str:
    """The ground in ``language`` (the active one by default); empty for none."""
    return pick(REVOCATION_GROUNDS.get(ground), language) or ground
