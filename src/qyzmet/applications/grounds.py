"""The grounds on which a decision may be reversed, in the platform's three languages."""

from __future__ import annotations

from qyzmet.applications.models import ReversalGround
from qyzmet.core.texts import Text, pick

GROUNDS: dict[str, Text] = {
    ReversalGround.APPEAL_UPHELD: {
        "kk": "Шағым қанағаттандырылды",
        "ru": "Жалоба удовлетворена",
        "en": "Appeal upheld",
    },
    ReversalGround.ERROR_IN_DECISION: {
        "kk": "Шешімде қате анықталды",
        "ru": "Ошибка в решении",
        "en": "Error in the decision",
    },
    ReversalGround.NEW_FACTS: {
        "kk": "Жаңа мән-жайлар анықталды",
        "ru": "Вновь открывшиеся обстоятельства",
        "en": "New facts",
    },
    ReversalGround.COURT_RULING: {
        "kk": "Сот шешімі",
        "ru": "Решение суда",
        "en": "Court ruling",
    },
}


def ground_label(ground: str, language: str | None = None) -> str:
    """The ground in ``language`` (the active one by default)."""
    return pick(GROUNDS.get(ground), language) or ground
