"""Result documents: the citizen's signed PDF of an approved case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from qyzmet.api.applications import READ
from qyzmet.api.callers import citizen_of, made_through_caller
from qyzmet.applications.selectors import application_of
from qyzmet.core.errors import NotFound
from qyzmet.documents.selectors import result_document_of

router = Router(tags=["documents"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The signed PDF (check it with `qyzmet verify` or at /verify/).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/applications/{application_id}/cases/{case_id}/document",
    response={200: None},
    openapi_extra=PDF_RESPONSE,
)
def download_result_document(
    request: HttpRequest, application_id: str, case_id: str
) -> HttpResponse:
    """The result document of an approved case, as the signed PDF the agency issued."""
    application = made_through_caller(
        request, application_of(citizen_of(request, READ), application_id)
    )
    case = next((c for c in application.cases.all() if str(c.pk) == case_id), None)
    if case is None:
        raise NotFound("not_found.case")
    document = result_document_of(case)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
