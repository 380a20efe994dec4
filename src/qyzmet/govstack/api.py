"""The GovStack Registration building block API: one NinjaAPI at ``/govstack/registration/``.

Its contract is GovStack's own specification (``spec/``), not a document generated from this
code, so Ninja's OpenAPI page and document are switched off."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from qyzmet.govstack import catalog, documents, errors, files, statistics, tasks
from qyzmet.govstack.auth import AUTHENTICATION


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Kazakh and Russian letters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="qyzmet: GovStack Registration building block",
    version="0.1.1",
    auth=AUTHENTICATION,
    urls_namespace="govstack-registration",
    docs_url=None,
    openapi_url=None,
)
errors.install(api)
for module in (catalog, files, documents, tasks, statistics):
    api.add_router("", module.router)
