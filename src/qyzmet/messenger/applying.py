"""Applying in the chat, as in the portal's guided application and through the same domain
functions: start a draft, answer the life situation's questions with buttons, see the
services that apply and the registry data to confirm, fill in the fields that are missing,
review and submit. Every answer is saved in the draft at once, so the citizen can continue in
the portal at any point (the same application).

Buttons carry the draft's reference (and the question or field they answer), so a button of
an earlier message that no longer fits is answered "no longer active" instead of changing
something else."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from qyzmet.applications.error_messages import field_message
from qyzmet.applications.models import DECIDED_CASE_STATUSES, Application, ApplicationStatus
from qyzmet.applications.presets import preset_answers, preset_values
from qyzmet.applications.services import (
    applicable_services,
    save_draft,
    start_application,
    submit_application,
)
from qyzmet.applications.signature_checks import (
    SignatureIn,
    SignatureRefused,
    request_signing_code,
    signing_request,
)
from qyzmet.assistant.records import record_applied
from qyzmet.catalog.selectors import life_situation_version, service_versions
from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.money import format_tenge
from qyzmet.core.texts import pick
from qyzmet.formats import date_text
from qyzmet.messenger import fields
from qyzmet.messenger.cases import application_buttons
from qyzmet.messenger.models import Chat, Step
from qyzmet.messenger.replies import MAX_DATA, Button, Reply, column
from qyzmet.messenger.texts import say, say_error, say_problem
from qyzmet.messenger.values import describe, form_value
from qyzmet.payments.services import amount_due
from qyzmet.registries.fields import FIELD_LABELS, REGISTRY_NAMES
from qyzmet.representation.grounds import SELF, Represented
from qyzmet.representation.selectors import represented_by
from qyzmet.representation.words import GROUNDS

CHANNEL = "messenger"


def ref(application: Application) -> str:
    """The draft's short reference in its buttons."""
    return application.pk.hex[:8]


def portal_url(application: Application) -> str:
    """The application's page in the portal: the draft's details step, or the application."""
    if application.status == ApplicationStatus.DRAFT:
        path = reverse("portal:apply-step", args=[application.pk, "details"])
    else:
        path = reverse("portal:application", args=[application.pk])
    return f"{settings.PUBLIC_URL}{path}"


def conversation_of(chat: Chat) -> str:
    """The chat's reference for the assistant, linking an application to its answer."""
    return f"messenger:{chat.pk}"


def message(chat: Chat, text: str, rows: Any = ()) -> Reply:
    return Reply(chat_id=chat.pk, text=text, rows=rows)


def menu_row(chat: Chat) -> list[Button]:
    return [Button(say("menu_button", chat.language), "menu")]


def _title(application: Application, language: str) -> str:
    version = application.life_situation or application.service
    return pick(version.title, language) if version else ""


MYSELF = "-"  # what a "For whom?" button carries for the citizen themself


def _services(life_situation: str, service: str) -> list[str]:
    """The current services a life situation (or the one service) may lead to."""
    if service:
        return [service]
    situation = life_situation_version(life_situation)
    slugs = [entry["service"] for entry in situation.definition["services"]] if situation else []
    return [slug for slug, version in service_versions(slugs).items() if version is not None]


def _whom(found: Represented) -> str:
    return MYSELF if found.ground == SELF else found.identifier


def _whom_label(found: Represented, language: str) -> str:
    ground = pick(GROUNDS.get(found.ground, {}), language)
    if found.ground == SELF:
        return ground
    name = pick(found.name, language) if found.name else ""
    return f"{name or found.identifier} · {ground}"


def choose_whom(
    chat: Chat, citizen: Any, *, life_situation: str = "", service: str = ""
) -> list[Reply]:
    """Before a draft is started: when the citizen may act for someone else here (a child
    under 18, a principal whose mandate covers these services, a company they head), ask
    "For whom?" with those choices (``representation.selectors.represented_by``); otherwise
    start for the citizen at once."""
    kind, slug = ("ls", life_situation) if life_situation else ("sv", service)
    slugs = _services(life_situation, service)
    try:
        found = represented_by(actor=citizen, service=slugs, cached=True) if slugs else []
    except DomainError:  # a registry that does not answer, a mixed life situation: as before
        found = []
    chosen = [(entry, f"fw:{kind}:{slug}:{_whom(entry)}") for entry in found]
    buttons = [
        Button(_whom_label(entry, chat.language), data)
        for entry, data in chosen
        if len(data.encode()) <= MAX_DATA  # the longest slugs leave room for a BIN or an IIN
    ]
    if not any(entry.ground != SELF for entry in found) or not buttons:
        return start(chat, citizen, life_situation=life_situation, service=service)
    asked = message(chat, say("for_whom", chat.language), [*column(buttons), menu_row(chat)])
    return [asked]


def start(
    chat: Chat,
    citizen: Any,
    *,
    life_situation: str = "",
    service: str = "",
    on_behalf_of: str | None = None,
) -> list[Reply]:
    """Start a draft for a life situation or a service (for ``on_behalf_of``, an IIN or a
    BIN, if the citizen chose someone else), and ask the first thing."""
    application = start_application(
        citizen=citizen,
        channel=CHANNEL,
        life_situation=life_situation or None,
        service=service or None,
        on_behalf_of=on_behalf_of if on_behalf_of and on_behalf_of != MYSELF else None,
    )
    record_applied(conversation=conversation_of(chat), application=application)
    chat.application = application
    chat.step = Step.QUESTIONS if application.life_situation else Step.CHECK
    chat.field = ""
    started = message(chat, say("started", chat.language, title=_title(application, chat.language)))
    return [started, *carry_on(chat, citizen)]


def _draft(chat: Chat, citizen: Any) -> Application | None:
    if chat.application_id is None:
        return None
    return (
        Application.objects.select_related("life_situation", "service")
        .filter(pk=chat.application_id, citizen=citizen)
        .first()
    )


def to_menu(chat: Chat) -> None:
    chat.step, chat.application, chat.field, chat.reasons = Step.MENU, None, "", ""


def carry_on(chat: Chat, citizen: Any) -> list[Reply]:
    """The next thing to ask about the chat's draft, from where the chat stands."""
    application = _draft(chat, citizen)
    if application is None or application.status != ApplicationStatus.DRAFT:
        to_menu(chat)
        if application is None:
            return [message(chat, say("stale_button", chat.language), [menu_row(chat)])]
        url = portal_url(application)
        return [message(chat, say("not_draft", chat.language, url=url), [menu_row(chat)])]
    if chat.step == Step.QUESTIONS:
        asked = _ask_question(chat, application)
        if asked:
            return asked
        chat.step = Step.CHECK
    if chat.step == Step.CHECK:
        return _services_and_check(chat, application)
    return _ask_field_or_review(chat, application)


def _from_the_state(application: Application) -> dict[str, Any]:
    """The questions the registries answered and the citizen kept (not asked): id → preset."""
    assert application.life_situation is not None
    known = preset_answers(application.life_situation.questions, application.prefill)
    answers = application.answers
    return {q: preset for q, preset in known.items() if answers.get(q) == preset.value}


def _ask_question(chat: Chat, application: Application) -> list[Reply]:
    """The first question not answered yet, numbered among those the chat asks: a question
    the registries answered is not asked (nor counted); the first question asked says so."""
    assert application.life_situation is not None
    language = chat.language
    questions = application.life_situation.questions
    given = _from_the_state(application)
    asked = [question["id"] for question in questions if question["id"] not in given]
    for number, question in enumerate(questions):
        if question["id"] in application.answers:
            continue
        if question["kind"] == "boolean":
            labels = [say("yes", language), say("no", language)]
        else:
            labels = [pick(option["label"], language) for option in question["options"]]
        buttons = [
            Button(label, f"ans:{ref(application)}:{number}:{i}") for i, label in enumerate(labels)
        ]
        place = asked.index(question["id"]) + 1
        text = say(
            "question",
            language,
            number=place,
            total=len(asked),
            text=pick(question["text"], language),
        )
        if place == 1 and given:
            text = _not_asked(questions, given, language) + "\n\n" + text
        rows = [buttons] if question["kind"] == "boolean" else column(buttons)
        return [message(chat, text, [*rows, menu_row(chat)])]
    return []


def _not_asked(questions: list[dict[str, Any]], given: dict[str, Any], language: str) -> str:
    """What the registries say in place of the questions they answered (not asked)."""
    lines = [f"✓ {pick(given[q['id']].says, language)}" for q in questions if q["id"] in given]
    return say("not_asked", language, answers="\n".join(lines))


def answer(chat: Chat, citizen: Any, *, draft: str, number: int, option: int) -> list[Reply]:
    """A question answered with a button; then the next question, or what follows."""
    application = _draft(chat, citizen)
    if application is None or ref(application) != draft or application.life_situation is None:
        return []
    questions = application.life_situation.questions
    if not 0 <= number < len(questions):
        return []
    question = questions[number]
    if question["kind"] == "boolean" and option in (0, 1):
        value: Any = option == 0
    elif question["kind"] != "boolean" and 0 <= option < len(question["options"]):
        value = question["options"][option]["value"]
    else:
        return []
    save_draft(
        application=application, citizen=citizen, channel=CHANNEL, answers={question["id"]: value}
    )
    chat.step = Step.QUESTIONS  # a changed answer may change the services that apply
    return carry_on(chat, citizen)


def _deadline(days: int, language: str) -> str:
    if days == 0:
        return say("at_once", language)
    return say("working_day", language) if days == 1 else say("working_days", language, days=days)


def _services_and_check(chat: Chat, application: Application) -> list[Reply]:
    language = chat.language
    services = applicable_services(application)
    if not services:
        to_menu(chat)
        return [message(chat, say_error(Invalid("no_services_apply"), language), [menu_row(chat)])]
    lines = []
    for service in services:
        fee = service.fee_mci
        cost = say("fee", language, fee=f"{fee:g}") if fee else say("free", language)
        days = _deadline(service.deadline_days, language)
        agency = pick(service.service.agency.name, language)
        lines.append(f"• {pick(service.title, language)} — {agency} ({cost}; {days})")
    known = _known(application, services, language)
    listed = say("services", language, services="\n".join(lines))
    found = message(chat, "\n\n".join([listed, *known]) if known else listed)
    values = [
        f"• {pick(FIELD_LABELS.get(path), language) or path}: {describe(path, value, language)} "
        f"({say('source', language)}: {pick(REGISTRY_NAMES.get(path.split('.')[0]), language)})"
        for path, value in application.prefill.items()
    ]
    text = (
        say("check", language, values="\n".join(values)) if values else say("check_empty", language)
    )
    correct = [Button(say("correct", language), f"ok:{ref(application)}")]
    change = _change_buttons(application, language)
    return [found, message(chat, text, [correct, *column(change), menu_row(chat)])]


def _change_buttons(application: Application, language: str) -> list[Button]:
    """For each question the registries answered, the other answers (✎): pressing one answers
    the question so, as if asked (the answer decides whether a service is applied for)."""
    situation = application.life_situation
    if situation is None:
        return []
    questions = situation.questions
    known = preset_answers(questions, application.prefill)
    buttons = []
    for number, question in enumerate(questions):
        preset = known.get(question["id"])
        if preset is None or application.answers.get(question["id"]) != preset.value:
            continue
        if question["kind"] == "boolean":
            others = [
                (i, say(w, language))
                for i, w in enumerate(("yes", "no"))
                if (i == 0) != preset.value
            ]
        else:
            others = [
                (i, pick(o["label"], language))
                for i, o in enumerate(question["options"])
                if o["value"] != preset.value
            ]
        text = pick(question["text"], language)
        buttons += [
            Button(f"✎ {text} → {label}", f"ans:{ref(application)}:{number}:{i}")
            for i, label in others
        ]
    return buttons


def _known(application: Application, services: list[Any], language: str) -> list[str]:
    """What was not asked because the registries or earlier answers gave it."""
    situation = application.life_situation
    if situation is None:
        return []
    answers = application.answers
    lines = [
        f"✓ {pick(preset.says, language)}"
        for question, preset in preset_answers(situation.questions, application.prefill).items()
        if answers.get(question) == preset.value
    ]
    presets = preset_values(situation.definition, answers)
    for service in services:
        for name, preset in presets.get(service.slug, {}).items():
            if application.data.get(service.slug, {}).get(name) == preset.value:
                spec = service.form["properties"][name]
                label = pick(spec.get("x-label"), language) or name
                value = form_value(spec, preset.value, language)
                lines.append(f"✓ {label}: {value} ({pick(preset.says, language)})")
    return lines


def confirm(chat: Chat, citizen: Any, *, draft: str) -> list[Reply]:
    """The registry data confirmed: on to the missing fields."""
    application = _draft(chat, citizen)
    if application is None or ref(application) != draft:
        return []
    if chat.step == Step.CHECK:
        chat.step = Step.FIELD
    return carry_on(chat, citizen)


def _ask_field_or_review(chat: Chat, application: Application) -> list[Reply]:
    field = fields.next_field(application)
    if field is None:
        return _review(chat, application)
    language = chat.language
    spec = field.spec
    label = pick(spec.get("x-label"), language) or field.name
    if not field.fits_a_chat:
        to_menu(chat)
        text = say("in_portal", language, label=label, url=portal_url(application))
        return [message(chat, text, [menu_row(chat)])]
    chat.step, chat.field = Step.FIELD, field.key
    lines = [f"{pick(field.service.title, language)}", f"▸ {label}"]
    if spec.get("x-help"):
        lines.append(pick(spec["x-help"], language))
    if field.problem is not None and field.problem.code != "required":
        typed = application.data.get(field.service.slug, {}).get(field.name)
        lines.append(f"⚠ {field_message(field.problem, spec, typed, language)}")
    lines.append(fields.hint(field, language))
    options = fields.choices(field, application, language)
    buttons = [
        Button(text, f"val:{ref(application)}:{field.token}:{i}")
        for i, (text, _) in enumerate(options)
    ]
    return [message(chat, "\n".join(lines), [*column(buttons), menu_row(chat)])]


def _current_field(chat: Chat, application: Application) -> fields.Field | None:
    return fields.field_at(application, chat.field) if chat.step == Step.FIELD else None


def _save_value(
    chat: Chat, citizen: Any, application: Application, field: fields.Field, value: Any
) -> list[Reply]:
    data = {field.service.slug: {field.name: value}}
    save_draft(application=application, citizen=citizen, channel=CHANNEL, data=data)
    return carry_on(chat, citizen)


def type_value(chat: Chat, citizen: Any, text: str) -> list[Reply]:
    """The citizen typed the value of the field asked: keep it (even when wrong, as the portal
    does) and ask what is next, or the same field again with what is wrong."""
    application = _draft(chat, citizen)
    field = _current_field(chat, application) if application else None
    if application is None or field is None or not text.strip():
        return carry_on(chat, citizen)
    return _save_value(chat, citizen, application, field, fields.read_value(field, text))


def choose_value(chat: Chat, citizen: Any, *, draft: str, token: str, option: int) -> list[Reply]:
    """A button of the field asked was pressed."""
    application = _draft(chat, citizen)
    field = _current_field(chat, application) if application else None
    if application is None or field is None or (ref(application), field.token) != (draft, token):
        return []
    options = fields.choices(field, application, chat.language)
    if not 0 <= option < len(options):
        return []
    return _save_value(chat, citizen, application, field, options[option][1])


def _review(chat: Chat, application: Application) -> list[Reply]:
    language = chat.language
    chat.step, chat.field = Step.REVIEW, ""
    lines = []
    services = applicable_services(application)
    for service in services:
        lines.append(f"\n▸ {pick(service.title, language)}")
        values = application.data.get(service.slug, {})
        for name in fields.field_order(service.form):
            if values.get(name) not in (None, ""):
                spec = service.form["properties"][name]
                label = pick(spec.get("x-label"), language) or name
                lines.append(f"  {label}: {form_value(spec, values[name], language)}")
    text = say(
        "review",
        language,
        title=_title(application, language),
        summary="\n".join(lines),
        url=portal_url(application),
    )
    signing = signing_request(application, services)
    if signing.assurance == "none":
        submit = [Button(say("submit", language), f"sub:{application.pk.hex}")]
        return [message(chat, text, [submit, menu_row(chat)])]
    number, review = application.reference, review_url(application)
    if signing.assurance == "eds":  # NCALayer and the EDS key are on the citizen's computer
        text += "\n\n" + say("sign_in_portal", language, number=number, url=review)
        return [message(chat, text, [menu_row(chat)])]
    text += "\n\n" + say("sign_by_sms", language, number=number, url=review)
    code = [Button(say("send_code", language), f"code:{application.pk.hex}")]
    return [message(chat, text, [code, menu_row(chat)])]


def review_url(application: Application) -> str:
    """The draft's review page in the portal, where it can be signed with EDS."""
    path = reverse("portal:apply-step", args=[application.pk, "review"])
    return f"{settings.PUBLIC_URL}{path}"


def _own_draft(citizen: Any, application_id: str) -> Application | None:
    try:
        pk = uuid.UUID(hex=application_id)
    except ValueError:
        return None
    return Application.objects.filter(pk=pk, citizen=citizen).first()


def code_requester(chat: Chat) -> str:
    """The chat asks for and types its SMS codes (as when it was linked)."""
    return f"messenger-chat:{chat.pk}"


def send_signing_code(chat: Chat, citizen: Any, *, application_id: str) -> list[Reply]:
    """Send the citizen an SMS code confirming the draft's document; they type it here."""
    application = _own_draft(citizen, application_id)
    if application is None:
        return []
    try:
        sent = request_signing_code(
            application=application, citizen=citizen, channel=CHANNEL, language=chat.language,
            requester=code_requester(chat),
        )  # fmt: skip
    except DomainError as refused:
        return [message(chat, say_error(refused, chat.language)), *carry_on(chat, citizen)]
    chat.application, chat.step, chat.field = application, Step.CONFIRM, ""
    text = say("code_for_signing", chat.language, phone=sent.sent_to)
    return [message(chat, text, [menu_row(chat)])]


def type_signing_code(chat: Chat, citizen: Any, text: str) -> list[Reply]:
    """The citizen typed the SMS code: submit the draft confirmed with it."""
    if chat.application_id is None:
        return carry_on(chat, citizen)
    return submit(chat, citizen, application_id=chat.application_id.hex, code=text.strip())


def submit(chat: Chat, citizen: Any, *, application_id: str, code: str = "") -> list[Reply]:
    """Submit the draft (confirmed with an SMS ``code`` where it needs a signature). The
    idempotency key comes from the chat and the draft, so a second press (a double tap, a
    repeated update) returns the same application."""
    application = _own_draft(citizen, application_id)
    if application is None:
        return []
    try:
        application = submit_application(
            citizen=citizen,
            channel=CHANNEL,
            application=application,
            idempotency_key=f"messenger:{chat.pk}:{application.pk.hex}",
            signature=SignatureIn(code=code, requester=code_requester(chat)) if code else None,
        )
    except SignatureRefused as refused:  # a wrong or stale code, or signed nowhere yet
        chat.application, chat.step = application, Step.REVIEW
        return [message(chat, say_error(refused, chat.language)), *carry_on(chat, citizen)]
    except Invalid as invalid:  # changed in the portal meanwhile: ask for what is missing
        if all(p.code == "attachment.required" for p in invalid.problems):
            return [_documents_in_portal(chat, application, invalid)]
        chat.application, chat.step = application, Step.FIELD
        if any(p.field.startswith("answers") for p in invalid.problems):
            chat.step = Step.QUESTIONS
        return [message(chat, say_error(invalid, chat.language)), *carry_on(chat, citizen)]
    except DomainError as refused:  # the code itself was refused (wrong, expired, used)
        return [message(chat, say_error(refused, chat.language)), message(
            chat, say("code_again", chat.language), [menu_row(chat)])]  # fmt: skip
    if chat.application_id == application.pk:
        to_menu(chat)
    return [submitted_reply(chat, application)]


def _documents_in_portal(chat: Chat, application: Application, invalid: Invalid) -> Reply:
    """Documents the service requires cannot be sent in a chat: which, and the portal's link
    to the same draft, where they are uploaded and the application submitted."""
    to_menu(chat)
    lines = [say_problem(problem, chat.language) for problem in invalid.problems]
    lines.append(say("documents_in_portal", chat.language, url=portal_url(application)))
    return message(chat, "\n".join(lines), [menu_row(chat)])


def submitted_reply(chat: Chat, application: Application) -> Reply:
    language = chat.language
    cases = []
    for case in application.cases.select_related("service", "agency").order_by("created_at"):
        line = say(
            "case_line",
            language,
            service=pick(case.service.title, language),
            agency=pick(case.agency.name, language),
            due=pick(date_text(case.due_date), language),
        )
        if case.status not in DECIDED_CASE_STATUSES:  # what the applicant does next, if any
            line += "".join(f"\n   – {pick(step, language)}" for step in case.service.next_steps)
        cases.append(line)
    text = say(
        "submitted",
        language,
        number=application.reference,
        cases="\n".join(cases),
        url=portal_url(application),
    )
    due = amount_due(application)
    if due:
        with translation.override(language):
            amount = format_tenge(due)
        text += "\n\n" + say("pay_in_portal", language, amount=amount, url=portal_url(application))
    return message(chat, text, [*application_buttons(application, language), menu_row(chat)])
