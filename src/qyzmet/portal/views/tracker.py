"""The data tracker: who asked for the citizen's data, when, which data and why, newest first,
refused requests too; an access an investigation hides shows once its period ends. About the
citizen and their minor children, or one of them (``?about=``); one registry's, or one
application's (``?application=``, linked from the application's page). If the population
registry does not answer, the citizen's own requests are shown, with a notice. Each request's
proof in the audit log: a page saying whether it is sealed and how to check it offline, and
the proof to download (``tracker.proofs``)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from qyzmet.applications.selectors import application_seen_by
from qyzmet.core.errors import NotFound
from qyzmet.core.texts import pick
from qyzmet.portal.views.citizen import citizen_required
from qyzmet.registries.fields import REGISTRY_NAMES
from qyzmet.tracker.entries import entries_for
from qyzmet.tracker.family import Family, family_shown_to
from qyzmet.tracker.proofs import CHECK_COMMAND, AccessProof, access_proof
from qyzmet.tracker.selectors import accesses_of

PAGE_SIZE = 25


@never_cache
@citizen_required
def data_tracker(request: HttpRequest) -> HttpResponse:
    registry = request.GET.get("registry", "")
    registry = registry if registry in REGISTRY_NAMES else ""
    application = None
    if request.GET.get("application"):
        try:
            application = application_seen_by(request.user, request.GET["application"])
        except NotFound:
            raise Http404 from None
    family = family_shown_to(request.user)
    about = family.known(request.GET.get("about", ""))
    accesses = accesses_of(
        request.user, registry=registry or None, application=application, family=family,
        about=about or None,
    )  # fmt: skip
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        "registry": registry,
        "application": application.pk if application else "",
        "about": about,
    }
    return render(
        request,
        "portal/tracker/list.html",
        {
            "page": page,
            "entries": entries_for(request.user, page.object_list, family=family),
            "registry": registry,
            "about": about,
            "children": family.children,
            "children_unknown": not family.complete,
            "application": application,
            "registries": [(code, pick(name)) for code, name in REGISTRY_NAMES.items()],
            "filters": urlencode({k: v for k, v in kept.items() if v}),
        },
    )


def _proof(request: HttpRequest, message_id: str, family: Family) -> AccessProof:
    try:
        return access_proof(request.user, message_id, family=family)
    except NotFound:
        raise Http404 from None


@never_cache
@citizen_required
def proof_page(request: HttpRequest, message_id: str) -> HttpResponse:
    family = family_shown_to(request.user)
    found = _proof(request, message_id, family)
    entry = entries_for(request.user, [found.access], family=family)[0]
    return render(
        request,
        "portal/tracker/proof.html",
        {
            "found": found,
            "entry": entry,
            "head": found.proof["tree_head"] if found.proof else None,
            "command": CHECK_COMMAND.format(file=found.file_name),
        },
    )


@never_cache
@citizen_required
def proof_download(request: HttpRequest, message_id: str) -> HttpResponse:
    found = _proof(request, message_id, family_shown_to(request.user))
    if found.proof is None:
        raise Http404
    response = HttpResponse(
        json.dumps(found.proof, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response
