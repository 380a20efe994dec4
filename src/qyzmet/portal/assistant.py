"""The assistant in the portal's session: the reference linking an answer to the application
started after it, and the citizen's own words, kept until they start an application so that
the assistant can suggest values for its draft (marked as suggested on the details step)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest

from qyzmet.applications.models import Application
from qyzmet.applications.services import save_draft
from qyzmet.assistant.prefill import extract_prefill
from qyzmet.assistant.records import record_applied

CHANNEL = "portal"
CONVERSATION = "assistant_conversation"
WORDS = "assistant_words"  # the last text described; dropped once an application starts
SUGGESTED = "assistant_suggested"  # application id → the POST names of suggested fields


def conversation_of(request: HttpRequest, *, create: bool = False) -> str:
    """This browser session's reference for the assistant (kept through sign-in)."""
    if create and CONVERSATION not in request.session:
        request.session[CONVERSATION] = uuid.uuid4().hex
    return str(request.session.get(CONVERSATION, ""))


def remember_words(request: HttpRequest, text: str) -> None:
    request.session[WORDS] = text


def application_started(request: HttpRequest, application: Application) -> None:
    """Link the assistant's last answer to ``application`` and put the values its words
    give into the draft's empty fields, marked as suggested."""
    record_applied(conversation=conversation_of(request), application=application)
    words = request.session.pop(WORDS, "")
    if not words:
        return
    prefill = extract_prefill(
        text=words, channel=CHANNEL, conversation=conversation_of(request),
        life_situation=application.life_situation.slug if application.life_situation else None,
        service=application.service.slug if application.service else None,
    )  # fmt: skip
    empty = {
        slug: {name: value for name, value in values.items()
               if application.data.get(slug, {}).get(name) in (None, "")}
        for slug, values in prefill.data().items()
    }  # fmt: skip
    empty = {slug: values for slug, values in empty.items() if values}
    if not empty:
        return
    save_draft(application=application, citizen=request.user, channel=CHANNEL, data=empty)
    suggested = request.session.get(SUGGESTED, {})
    suggested[str(application.pk)] = [f"{s}__{n}" for s, values in empty.items() for n in values]
    request.session[SUGGESTED] = suggested


def suggested_fields(request: HttpRequest, application: Application) -> set[str]:
    """The POST names of the draft's fields the assistant filled in from the citizen's words."""
    return set(request.session.get(SUGGESTED, {}).get(str(application.pk), []))


def mark_suggested(groups: list[tuple[Any, list[Any]]], names: set[str]) -> None:
    for _, fields in groups:
        for view in fields:
            view.suggested = view.name in names
