"""The guided application: questions → services that apply → pre-filled data to check →
remaining fields → review → submit. Every step saves the draft, so a reload, the back button
or an expired session never loses what was typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from qyzmet.applications.fees import fees_of
from qyzmet.applications.models import Application, ApplicationStatus
from qyzmet.applications.presets import preset_answers, preset_values
from qyzmet.applications.selectors import application_of
from qyzmet.applications.services import (
    applicable_services,
    save_draft,
    start_application,
    submit_application,
)
from qyzmet.applications.signature_checks import SignatureRefused, signing_request
from qyzmet.applications.step_checks import step_problems
from qyzmet.applications.validation import answer_problems
from qyzmet.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.core.texts import pick
from qyzmet.demo.sample_forms import sample_values_for
from qyzmet.portal.assistant import application_started, mark_suggested, suggested_fields
from qyzmet.portal.forms import (
    field_views,
    parse_values,
    question_error_messages,
    service_error_messages,
)
from qyzmet.portal.representation import signed_in_company
from qyzmet.portal.views.attachments import attached_rows, attachments_step, has_attachments
from qyzmet.portal.views.citizen import citizen_required, pending_post
from qyzmet.portal.views.signing import allow_ncalayer, send_code, signature_in, signing_view
from qyzmet.representation.selectors import NOT_ALLOWED

CHANNEL = "portal"
STEPS = ("questions", "services", "check", "details", "review")


def steps_of(application: Application) -> list[str]:
    steps = ["check", "details", "review"] if application.life_situation is None else list(STEPS)
    if has_attachments(application):  # the documents its services ask for, before review
        steps.insert(steps.index("review"), "attachments")
    return steps


def _step_url(application: Application, step: str) -> str:
    return reverse("portal:apply-step", args=[application.pk, step])


def _next(application: Application, step: str) -> HttpResponse:
    steps = steps_of(application)
    return redirect(_step_url(application, steps[steps.index(step) + 1]))


def _local(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") else "/"


def refused(request: HttpRequest, error: Forbidden, *, back: str = "") -> HttpResponse:
    """The page saying why the citizen may not make this application (HTTP 403)."""
    context = {"error": render_message(error.code, error.params), "back": back}
    return render(request, "portal/apply/refused.html", context, status=403)


def _draft(request: HttpRequest, application_id: uuid.UUID) -> Application:
    try:
        return application_of(request.user, application_id)
    except NotFound:
        raise Http404 from None


def _page(
    request: HttpRequest, application: Application, step: str, **context: Any
) -> HttpResponse:
    steps = steps_of(application)
    title = application.life_situation or application.service
    return render(
        request,
        f"portal/apply/{step}.html",
        {
            "application": application,
            "title": pick(title.title) if title else "",
            "step": step,
            "steps": [(s, s == step) for s in steps],
            "back": _step_url(application, steps[steps.index(step) - 1])
            if steps.index(step)
            else None,
            **context,
        },
    )


@citizen_required
def start(request: HttpRequest) -> HttpResponse:
    """Start a draft for a life situation or a service (POST from their pages)."""
    post = request.POST if request.method == "POST" else pending_post(request)
    if post is None:
        return redirect("portal:home")
    kind = post.get("kind")
    slug = post.get("slug", "")
    try:
        application = start_application(
            citizen=request.user,
            channel=CHANNEL,
            life_situation=slug if kind == "life_situation" else None,
            service=slug if kind == "service" else None,
            on_behalf_of=post.get("on_behalf_of") or None,
            signed_in_company=signed_in_company(request),
        )
    except NotFound:
        raise Http404 from None
    except Forbidden as error:
        return refused(request, error, back=_local(post.get("back", "")))
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
        return redirect(_local(post.get("back", "")))
    application_started(request, application)
    return redirect(_step_url(application, steps_of(application)[0]))


def _questions(request: HttpRequest, application: Application, post: QueryDict | None):
    questions = application.life_situation.questions  # type: ignore[union-attr]
    answers = dict(application.answers)
    errors: dict[str, str] = {}
    if post is not None:
        for question in questions:
            raw = post.get(f"q__{question['id']}")
            if raw is None:
                answers.pop(question["id"], None)
            elif question["kind"] == "boolean":
                answers[question["id"]] = raw == "yes"
            else:
                answers[question["id"]] = raw
        save_draft(application=application, citizen=request.user, channel=CHANNEL,
                   answers=answers)  # fmt: skip
        errors = question_error_messages(questions, answer_problems(questions, answers))
        if not errors:
            return _next(application, "questions")
    known = preset_answers(questions, application.prefill)
    said = {q: pick(p.says) for q, p in known.items() if answers.get(q) == p.value}
    shown = [(question, said.get(question["id"], "")) for question in questions]
    return _page(request, application, "questions", questions=questions, answers=answers,
                 errors=errors, shown=shown)  # fmt: skip


def _details(request: HttpRequest, application: Application, post: QueryDict | None):
    services = applicable_services(application)
    data = {s.slug: dict(application.data.get(s.slug, {})) for s in services}
    errors: dict[str, str] = {}
    if post is not None:
        data = {s.slug: parse_values(s, post) for s in services}
        save_draft(application=application, citizen=request.user, channel=CHANNEL, data=data)
        application.data.update(data)
        problems = [
            p
            for s in services
            for p in step_problems(application=application, service=s, values=data[s.slug])
        ]
        errors = service_error_messages(services, data, problems)
        if not errors:
            return _next(application, "details")
    groups = [(s, field_views(s, data[s.slug], errors)) for s in services]
    presets = _presets_shown(application, data)
    mark_suggested(groups, suggested_fields(request, application))
    summary = [(f.html_id, f.label, f.error) for _, fields in groups for f in fields if f.error]
    return _page(request, application, "details", groups=groups, errors=summary,
                 demo_values=_demo_values(application, services), presets=presets)  # fmt: skip


def _presets_shown(application: Application, data: dict[str, Any]) -> dict[str, list]:
    """Per service, the pre-set values still as pre-set: (field label, why), for the page."""
    if application.life_situation is None:
        return {}
    found = preset_values(application.life_situation.definition, application.answers)
    shown: dict[str, list[tuple[str, str]]] = {}
    for service in applicable_services(application):
        properties = service.form["properties"]
        for name, preset in found.get(service.slug, {}).items():
            if data.get(service.slug, {}).get(name) == preset.value:
                label = pick(properties[name].get("x-label")) or name
                shown.setdefault(service.slug, []).append((label, pick(preset.says)))
    return shown


def _demo_values(application: Application, services: list[Any]) -> list[tuple[str, str]]:
    """Demo only: values from the synthetic registries that pass each form, so a visitor
    can complete any life situation without knowing real VINs or address codes."""
    if not settings.DEMO_PAGES:
        return []
    return [
        (view.label, str(view.value))
        for service, values in sample_values_for(services, application.subject_iin)
        for view in field_views(service, values, {})
        if view.widget in ("text", "date", "number") and view.value not in ("", None)
    ]


def _review(request: HttpRequest, application: Application, post: QueryDict | None):
    services = applicable_services(application)
    signing = signing_request(application, services)
    refusal = ""
    if post is not None and post.get("action") == "send-code":
        refusal = send_code(request, application)
        if not refusal:  # a reload of the page sends no second code
            return redirect(_step_url(application, "review"))
    elif post is not None:
        try:
            submitted = submit_application(
                citizen=request.user, channel=CHANNEL, application=application,
                idempotency_key=post.get("submission") or None,
                signature=signature_in(request, post),
                signed_in_company=signed_in_company(request),
            )  # fmt: skip
        except SignatureRefused as not_signed:  # stay here: what was entered is kept
            refusal = render_message(not_signed.code)
        except Forbidden as error:
            if error.code == NOT_ALLOWED:  # a mandate ended or expired since the draft began
                return refused(request, error, back=reverse("portal:applications"))
            refusal = render_message(error.code, error.params)  # too many wrong codes
        except Conflict as withdrawn:  # withdrawn meanwhile
            refusal = render_message(withdrawn.code, withdrawn.params)
        except Invalid as invalid:
            messages.error(request, render_message(invalid.code))
            first = invalid.problems[0].field if invalid.problems else ""
            step = "questions" if first.startswith("answers") else "details"
            step = "attachments" if first.startswith("attachments.") else step
            return redirect(_step_url(application, step))
        else:
            return redirect("portal:application-submitted", submitted.pk)
    groups = [(s, field_views(s, application.data.get(s.slug, {}), {})) for s in services]
    shown = signing_view(request, application, signing)
    page = _page(request, application, "review", groups=groups, fees=fees_of(application, services),
                 submission=uuid.uuid4().hex, signing=shown, refused=refusal,
                 attached=attached_rows(application, services))  # fmt: skip
    return allow_ncalayer(page) if shown and shown["eds"] else page


@citizen_required
def step(request: HttpRequest, application_id: uuid.UUID, step: str) -> HttpResponse:
    application = _draft(request, application_id)
    if application.status != ApplicationStatus.DRAFT:  # submitted meanwhile: a double click
        return redirect("portal:application-submitted", application.pk)
    if step not in steps_of(application):
        raise Http404
    if step == "attachments":  # multipart: read there, after its size is known
        return attachments_step(request, application, page=_page,
                                next_step=lambda: _next(application, step))  # fmt: skip
    post = request.POST if request.method == "POST" else pending_post(request)
    if step == "questions":
        return _questions(request, application, post)
    if step == "details":
        return _details(request, application, post)
    if step == "review":
        return _review(request, application, post)
    if post is not None:
        return _next(application, step)
    if step == "services":
        return _page(request, application, "services", services=applicable_services(application))
    return _page(request, application, "check", prefilled=application.prefill)
