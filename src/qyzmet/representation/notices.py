"""Telling the people of a mandate what happened to it, inside the transaction of the change
(delivery waits for the commit). Only people with an account are told; someone without one
sees their mandates when they first sign in."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qyzmet.accounts.models import User
from qyzmet.catalog.selectors import service_versions
from qyzmet.core.identifiers import masked_iin
from qyzmet.core.texts import LANGUAGES, Text
from qyzmet.formats import date_text
from qyzmet.notifications.services import citizen_channels, notify
from qyzmet.representation import words
from qyzmet.representation.models import Mandate


def account_of(iin: str) -> User | None:
    return User.objects.filter(iin=iin, is_active=True).first() if iin else None


def name_of(name: Text, iin: str = "") -> Text:
    """A name kept in kk/ru said in every language (the registry has no English one)."""
    if not name:
        return {language: masked_iin(iin) for language in LANGUAGES}
    return {language: name.get(language) or name.get("ru", "") for language in LANGUAGES}


def services_text(slugs: list[str]) -> Text:
    """The services a mandate names, in words, or "all services"."""
    if not slugs:
        return words.ALL_SERVICES
    versions = [v for v in service_versions(list(slugs)).values() if v is not None]
    return {
        language: "; ".join(v.title.get(language) or v.title.get("ru", "") for v in versions)
        for language in LANGUAGES
    }


def context(mandate: Mandate) -> dict[str, Any]:
    return {
        "principal": name_of(mandate.principal_name, mandate.principal_iin),
        "representative": name_of(mandate.representative_name, mandate.representative_iin),
        "services": services_text(list(mandate.services)),
        "until": date_text(mandate.until),
        "kind": words.KINDS[mandate.kind],
    }


def tell(user: User | None, *, kind: str, values: dict[str, Any]) -> None:
    if user is not None:
        notify(recipient=user, channels=citizen_channels(user), kind=kind, context=values)


def tell_or_not(user: User | None, *, stand_in: User, kind: str, values: dict[str, Any]) -> None:
    """Tell ``user``; with nobody to tell, write the same message to ``stand_in`` and roll it
    back, so that the work done does not say whether the person has an account (or exists)."""
    savepoint = transaction.savepoint()
    notify(recipient=user or stand_in, channels=("inbox",), kind=kind, context=values)
    if user is None:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
        others = [name for name in citizen_channels(user) if name != "inbox"]
        if others:
            notify(recipient=user, channels=others, kind=kind, context=values)
