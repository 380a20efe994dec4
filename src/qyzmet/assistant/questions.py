"""What the assistant says when it is unsure: one question naming the top choices, in the
citizen's language."""

from __future__ import annotations

from qyzmet.core.texts import Text, pick

ASK: Text = {
    "kk": "Сізге қайсысы керек: {choices}?",
    "ru": "Что именно вам нужно: {choices}?",
    "en": "Which one do you mean: {choices}?",
}
OR: Text = {"kk": "әлде", "ru": "или", "en": "or"}


def clarifying_question(titles: list[Text], language: str) -> str:
    """``Which one do you mean: «A», «B» or «C»?`` in ``language``."""
    named = [f"«{pick(title, language)}»" for title in titles]
    if len(named) > 1:
        choices = f"{', '.join(named[:-1])} {pick(OR, language)} {named[-1]}"
    else:
        choices = "".join(named)
    return pick(ASK, language).format(choices=choices)
