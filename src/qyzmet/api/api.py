"""The JSON API, version 1: one NinjaAPI with its routers, auth and problem responses."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from qyzmet import __version__
from qyzmet.api import (
    appeals,
    applications,
    assistant,
    attachments,
    cases,
    catalog,
    consents,
    consultations,
    documents,
    idempotency,
    mandates,
    notifications,
    offers,
    openapi,
    payments,
    problems,
    signatures,
    tracker,
    visits,
    webhooks,
)
from qyzmet.callers.schemes import schemes


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Kazakh and Russian letters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class QyzmetAPI(NinjaAPI):
    """Ninja's API with the OpenAPI document completed (``api/openapi.py``)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return openapi.complete(super().get_openapi_schema(**kwargs))


api = QyzmetAPI(
    renderer=UnicodeJSONRenderer(),
    title="qyzmet API",
    version="1",
    description=(
        "Public services around life situations: the catalogue, citizens' applications and "
        f"officers' cases. qyzmet {__version__}. Errors are application/problem+json in the "
        "language of Accept-Language (kk, ru, en)."
    ),
    auth=schemes(),
    urls_namespace="api-v1",
)
problems.install(api)
idempotency.install(api)
api.add_router("", catalog.router)
api.add_router("", applications.router)
api.add_router("", attachments.router)
api.add_router("", cases.router)
api.add_router("", consultations.router)
api.add_router("", signatures.router)
api.add_router("", documents.router)
api.add_router("", consents.router)
api.add_router("", notifications.router)
api.add_router("", offers.router)
api.add_router("", tracker.router)
api.add_router("", payments.router)
api.add_router("", mandates.router)
api.add_router("", webhooks.router)
api.add_router("", assistant.router)
api.add_router("", visits.router)
api.add_router("", appeals.router)
