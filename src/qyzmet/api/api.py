"""The JSON API, version 1: one NinjaAPI with its routers, auth and problem responses."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from qyzmet import __version__
from qyzmet.api import (
    applications,
    assistant,
    cases,
    catalog,
    consents,
    documents,
    notifications,
    problems,
)
from qyzmet.api.auth import DevelopmentTokenAuth, PartnerTokenAuth, SessionAuth


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Kazakh and Russian letters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="qyzmet API",
    version="1",
    description=(
        "Public services around life situations: the catalogue, citizens' applications and "
        f"officers' cases. qyzmet {__version__}. Errors are application/problem+json in the "
        "language of Accept-Language (kk, ru, en)."
    ),
    auth=[PartnerTokenAuth(), DevelopmentTokenAuth(), SessionAuth()],
    urls_namespace="api-v1",
)
problems.install(api)
api.add_router("", catalog.router)
api.add_router("", applications.router)
api.add_router("", cases.router)
api.add_router("", documents.router)
api.add_router("", consents.router)
api.add_router("", notifications.router)
api.add_router("", assistant.router)
