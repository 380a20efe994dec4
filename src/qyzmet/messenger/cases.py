"""The citizen's cases in the chat after submission: ``/cases`` lists the latest with their
status, and each case carries the buttons of what can be done about it here, the same buttons
that come with the news of a case (decided, a visit's reminder): appeal its decision or
complain about its delay (``ap:CASE``, ``appealing``), book, move or cancel its visit
(``vb:CASE``, ``booking``). ``CASE`` is the case's id in hex; a case the citizen may not act
on is not found, as in the portal."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse

from qyzmet.applications.models import Application, ApplicationStatus, Case
from qyzmet.applications.selectors import applications_of
from qyzmet.appointments.services import BOOKABLE_CASE_STATUSES
from qyzmet.casework.appeals import appeal_offered
from qyzmet.core.texts import pick
from qyzmet.messenger.models import Chat
from qyzmet.messenger.replies import Button, Reply, column
from qyzmet.messenger.texts import say
from qyzmet.messenger.texts_casework import CASE_STATUSES

LATEST = 6  # cases listed by /cases


def own_case(citizen: Any, case_id: str) -> Case | None:
    """The case ``case_id`` (hex) of one of the citizen's own applications, or None."""
    try:
        pk = uuid.UUID(hex=case_id)
    except ValueError:
        return None
    return (
        Case.objects.select_related("application", "service__service", "agency")
        .filter(pk=pk, application__in=applications_of(citizen))
        .first()
    )


def case_url(case: Case) -> str:
    """The case's application page in the portal."""
    return f"{settings.PUBLIC_URL}{reverse('portal:application', args=[case.application_id])}"


def case_buttons(case: Case, language: str, *, numbered: bool = False) -> list[Button]:
    """What the citizen can do about ``case`` in the chat today."""
    buttons = []
    suffix = f" · № {case.application.reference}" if numbered else ""
    offered = appeal_offered(case)
    if offered is not None:
        label = say("appeal_button" if offered == "decision" else "complain_button", language)
        buttons.append(Button(label + suffix, f"ap:{case.pk.hex}"))
    if case.service.visit is not None and case.status in BOOKABLE_CASE_STATUSES:
        buttons.append(Button(say("visit_button", language) + suffix, f"vb:{case.pk.hex}"))
    return buttons


def application_buttons(application: Application, language: str) -> list[list[Button]]:
    """The buttons of each case of a submitted application (when the news is of it)."""
    cases = application.cases.select_related("application", "service__service")
    return column(b for case in cases.order_by("created_at") for b in case_buttons(case, language))


def news_buttons(
    *, recipient_id: Any, application_id: Any, case_id: Any, language: str
) -> list[list[Button]]:
    """The buttons under a notification written to the chat: of its case, or of its
    application's cases; none for someone who follows another's application (a principal
    told of what their representative applied for acts in the portal)."""
    if application_id is None:
        return []
    application = Application.objects.get(pk=application_id)
    if application.citizen_id != recipient_id:
        return []
    if case_id is not None:
        case = Case.objects.select_related("application", "service__service").get(pk=case_id)
        return column(case_buttons(case, language))
    return application_buttons(application, language)


def list_cases(chat: Chat, citizen: Any) -> list[Reply]:
    """The citizen's latest cases, with their status and buttons."""
    language = chat.language
    menu = [Button(say("menu_button", language), "menu")]
    cases = list(
        Case.objects.filter(application__in=applications_of(citizen))
        .exclude(application__status=ApplicationStatus.DRAFT)
        .select_related("application", "service__service")
        .order_by("-created_at")[:LATEST]
    )
    if not cases:
        return [Reply(chat_id=chat.pk, text=say("no_cases", language), rows=[menu])]
    lines = [
        say(
            "case_status_line",
            language,
            number=case.application.reference,
            service=pick(case.service.title, language),
            status=pick(CASE_STATUSES.get(case.status, {}), language) or case.status,
        )
        for case in cases
    ]
    buttons = [b for case in cases for b in case_buttons(case, language, numbered=True)]
    text = say("cases", language, cases="\n".join(lines))
    return [Reply(chat_id=chat.pk, text=text, rows=[*column(buttons), menu])]
