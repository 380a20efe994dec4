"""'Representatives' under the account: the mandates the citizen gave (to end them) and those
given to them (to accept, decline or end), and the form to give one. Each action is one call of
a ``representation.mandates`` function; the pages only read and present."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from qyzmet.core.errors import DomainError, Invalid, NotFound
from qyzmet.core.messages import render as render_message
from qyzmet.portal.views.citizen import citizen_required
from qyzmet.representation.mandates import (
    accept_mandate,
    decline_mandate,
    end_mandate,
    grant_mandate,
)
from qyzmet.representation.notices import services_text
from qyzmet.representation.rules import grant_problems
from qyzmet.representation.selectors import (
    mandate_of,
    mandate_services,
    mandates_given_by,
    mandates_given_to,
)

CHANNEL = "portal"
MAX_TYPED = 32


def _rows(mandates: Any, today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "mandate": m,
            "state": m.state(today),
            "services": services_text(list(m.services)),
            "open": m.state(today) in ("offered", "active"),
        }
        for m in mandates[:100]
    ]


@citizen_required
def representatives(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portal/account/representatives.html",
        {
            "given": _rows(mandates_given_by(request.user), today),
            "received": _rows(mandates_given_to(request.user), today),
        },
    )


@dataclass(frozen=True)
class _Typed:
    """A problem with what was typed, found before the domain is asked."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def _typed(post: Any) -> dict[str, Any]:
    return {
        "representative_iin": "".join(post.get("representative_iin", "").split())[:MAX_TYPED],
        "scope": "chosen" if post.get("scope") == "chosen" else "all",
        "services": post.getlist("services")[:200],
        "until": post.get("until", "").strip()[:MAX_TYPED],
    }


def _problems(citizen: Any, values: dict[str, Any]) -> tuple[list[Any], datetime.date | None]:
    """Everything wrong with what was typed, at once: what the form itself sees (no service
    ticked, a date that is not one), and what the domain's rules say of the rest."""
    typed: list[Any] = []
    until = None
    if values["until"]:
        try:
            until = datetime.date.fromisoformat(values["until"])
        except ValueError:
            typed.append(_Typed("until", "format.date"))
    chosen = values["services"] if values["scope"] == "chosen" else []
    if values["scope"] == "chosen" and not chosen:
        typed.append(_Typed("services", "mandate.services_none"))
    ruled = grant_problems(
        principal_iin=citizen.iin, representative_iin=values["representative_iin"],
        services=chosen, until=until, today=timezone.localdate(),
    )  # fmt: skip
    seen = {p.field for p in typed}
    order = ["representative_iin", "services", "until"]
    found = typed + [p for p in ruled if p.field not in seen]
    return sorted(found, key=lambda p: order.index(p.field) if p.field in order else 9), until


@citizen_required
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    """The form giving a mandate: who (IIN), which services (all, or those ticked), until."""
    values: dict[str, Any] = {"representative_iin": "", "scope": "all", "services": [], "until": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = _typed(request.POST)
        problems, until = _problems(request.user, values)
        try:
            if problems:
                raise Invalid("mandate.invalid", problems)
            grant_mandate(
                principal=request.user, representative_iin=values["representative_iin"],
                services=values["services"] if values["scope"] == "chosen" else [],
                until=until, channel=CHANNEL,
            )  # fmt: skip
        except Invalid as invalid:
            errors = {p.field: render_message(p.code, p.params) for p in invalid.problems}
        except DomainError as error:
            errors = {"representative_iin": render_message(error.code, error.params)}
        else:
            messages.success(request, render_message("mandate.granted"))
            return redirect("portal:representatives")
    context = {"values": values, "errors": errors, "services": mandate_services()}
    return render(
        request, "portal/account/give_mandate.html", context, status=422 if errors else 200
    )


ACTIONS = {"accept": accept_mandate, "decline": decline_mandate}


@citizen_required
@require_POST
def act(request: HttpRequest, mandate_id: uuid.UUID, action: str) -> HttpResponse:
    """Accept, decline or end a mandate (POST from the list)."""
    if action not in ("accept", "decline", "end"):
        raise Http404
    person: Any = request.user
    try:
        mandate = mandate_of(person, mandate_id)
        if action == "end":
            end_mandate(mandate=mandate, person=person, channel=CHANNEL)
        else:
            ACTIONS[action](mandate=mandate, representative=person, channel=CHANNEL)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, render_message(error.code, error.params))
    else:
        done = {"accept": "accepted", "decline": "declined", "end": "ended"}[action]
        messages.success(request, render_message(f"mandate.{done}"))
    return redirect("portal:representatives")
