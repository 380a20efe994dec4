"""The data tracker: who asked for the citizen's data, when, which data and why, newest first,
refused requests too; an access an investigation hides shows once its period ends. About the
citizen and their minor children, or one of them (``?about=``); one registry's, or one
application's (``?application=``, linked from the application's page). If the population
registry does not answer, the citizen's own requests are shown, with a notice."""

from __future__ import annotations

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
from qyzmet.tracker.family import family_shown_to
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
