"""Documents: qyzmet takes no uploads. It reads what a service needs from the state
registries (once-only) and issues signed result documents itself, so an upload is answered
as GovStack's "file upload failed" (400, ``systemError``) rather than stored and ignored."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from qyzmet.govstack.client import ClientHeader, parse_client
from qyzmet.govstack.errors import GovStackError

router = Router(tags=["Applicant", "Operator"])


@router.post("/documents")
def upload_document(request: HttpRequest, client: str | None = ClientHeader) -> None:
    """Not supported: always 400 with a ``systemError`` that says why."""
    parse_client(client, required=False)
    raise GovStackError(400, "govstack.documents_unsupported")
