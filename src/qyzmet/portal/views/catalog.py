"""Public pages: home with the life situations, search (the assistant), a life situation, a
service."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from qyzmet.applications.references import normalised_reference
from qyzmet.applications.selectors import application_by_reference
from qyzmet.assistant.routing import route_request
from qyzmet.catalog.current import current
from qyzmet.catalog.selectors import (
    current_services,
    life_situation_version,
    service_version,
)
from qyzmet.core.texts import pick
from qyzmet.portal.assistant import CHANNEL, conversation_of, remember_words
from qyzmet.portal.home_page import kept_page, the_same_for_everyone
from qyzmet.portal.representation import chooser, company_bins
from qyzmet.registries.fields import field_paths


def home(request: HttpRequest) -> HttpResponse:
    catalogue = current()  # kept by the process: the page kept with it (``home_page.py``)
    situations = [s.current for s in catalogue.situations.values()]

    def page() -> HttpResponse:
        return render(request, "portal/home.html", {"situations": situations})

    if not the_same_for_everyone(request):
        return page()
    return kept_page(request, language=get_language(), catalogue=catalogue, render=page)


def search(request: HttpRequest) -> HttpResponse:
    """What the assistant suggests for the citizen's own words (the search box and the
    "describe your situation" box of the home page)."""
    query = " ".join(request.GET.get("q", "").split())[:2000]
    if request.user.is_authenticated and normalised_reference(query):
        own = application_by_reference(request.user, query, companies=company_bins(request))
        if own is not None:  # the reference of one of the citizen's applications: open it
            return redirect("portal:application", own.pk)
    routing = None
    if query:
        routing = route_request(
            text=query, channel=CHANNEL, language_hint=get_language(),
            conversation=conversation_of(request, create=True),
        )  # fmt: skip
        remember_words(request, query)
    return render(request, "portal/search.html", {"query": query, "routing": routing})


def life_situation(request: HttpRequest, slug: str) -> HttpResponse:
    situation = life_situation_version(slug)
    if situation is None:
        raise Http404
    slugs = [entry["service"] for entry in situation.definition["services"]]
    current = {}
    for found in current_services().filter(slug__in=slugs):
        assert found.current is not None
        found.current.service = found  # the page shows each service's agency
        current[found.slug] = found.current
    services = [current[slug] for slug in slugs if slug in current]
    conditional = {e["service"] for e in situation.definition["services"] if e.get("when")}
    return render(
        request,
        "portal/life_situation.html",
        {
            "situation": situation,
            "services": services,
            "conditional": conditional,
            "chooser": chooser(request, services),
            "needed": _needed(services),
        },
    )


def _needed(services: list[Any]) -> list[str]:
    """The labels of the fields the citizen fills in, once each, in the order asked."""
    labels: list[str] = []
    for version in services:
        for name in version.form["x-order"]:
            spec = version.form["properties"][name]
            label = pick(spec.get("x-label"))
            if spec.get("const") is not True and label not in labels:
                labels.append(label)
    return labels


def service(request: HttpRequest, slug: str) -> HttpResponse:
    version = service_version(slug)
    if version is None:
        raise Http404
    known = [path for path in version.registry_data if path in field_paths()]
    fields = [(name, version.form["properties"][name]) for name in version.form["x-order"]]
    return render(
        request,
        "portal/service.html",
        {
            "service": version,
            "registry_data": known,
            "fields": fields,
            "chooser": chooser(request, [version]),
        },
    )
