"""The portal as an installable web app: manifest, service worker and the offline notice."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language


def manifest(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/pwa/manifest.webmanifest", content_type="application/manifest+json"
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "portal/pwa/sw.js",
        {"css": static("qyzmet/css/qyzmet.css")},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    others = [code for code, _name in settings.LANGUAGES if code != get_language()]
    return render(request, "portal/pwa/offline.html", {"other_languages": others})
