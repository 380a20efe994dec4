"""The messenger names an identity document's kind in words in the chat's language, never by
its code ("id-card")."""

from __future__ import annotations

import pytest

from qyzmet.messenger.values import describe

DOCUMENT = {"kind": "id-card", "number": "254582914", "expires_on": None}


@pytest.mark.parametrize(
    ("language", "words"),
    [("kk", "жеке куәлік"), ("ru", "удостоверение личности"), ("en", "identity card")],
)
def test_an_identity_documents_kind_is_said_in_words(language, words):
    said = describe("population.person.identity_document", DOCUMENT, language)
    assert said.replace("\xa0", " ").lower().startswith(f"{words} № 254582914")
    assert "id-card" not in said
