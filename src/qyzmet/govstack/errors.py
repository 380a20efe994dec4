"""Errors as the GovStack ``systemError`` (``traceId``, ``code``, ``message``,
``localizedMessage``): ``message`` in English, ``localizedMessage`` in the language of
``Accept-Language`` (kk, ru, en), plus ``errors`` with one entry per field in error."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.messages import render
from qyzmet.core.outages import RETRY_AFTER, database_unavailable
from qyzmet.core.request_ids import current_request_id
from qyzmet.core.texts import current_language

logger = logging.getLogger("qyzmet.govstack")

STATUS = {
    "malformed": 400,
    "invalid": 422,
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "rate_limited": 429,  # a partner over its limit, with Retry-After
    "unavailable": 503,  # a registry that does not answer (the exchange)
}
MESSAGES = {
    "govstack.client_missing": _(
        "The Information-Mediator-Client header is required: INSTANCE/CLASS/MEMBER/SUBSYSTEM, "
        "e.g. eGovStack/GOV/90000009/digitalregistries."
    ),
    "govstack.client_malformed": _(
        "The Information-Mediator-Client header must be INSTANCE/CLASS/MEMBER/SUBSYSTEM: four "
        "parts of letters, digits, '.', '_' or '-', at most %(limit)s characters."
    ),
    "govstack.request_invalid": _("The request does not match the API: see the fields below."),
    "govstack.not_json": _("The body is not valid JSON."),
    "govstack.document_metadata": _(
        "File upload failed: additionalMetadata must say what the document is, as SERVICE/KIND "
        "(a service id and the id of one of its attachments)."
    ),
    "govstack.document_one_file": _("File upload failed: send exactly one file as file."),
    "govstack.document_not_base64": _(
        "File upload failed: file is neither a file nor its content in base64."
    ),
    "govstack.documents_on_submission": _(
        "Documents are named when the application is submitted (or corrected), not in a draft."
    ),
    "govstack.document_held": _(
        "Uploaded. Name it in documentUrls when you submit the application."
    ),
    "govstack.applicant_mismatch": _("applicantId must be the IIN of the signed-in citizen."),
    "govstack.eform_not_current": _(
        "This is not the current eForm of the service: read the service's eForms again."
    ),
    "govstack.not_found_eform": _("There is no such eForm."),
    "govstack.sort_invalid": _("sortBy must be one of: %(choices)s."),
    "govstack.dates_reversed": _("endDate is before startDate."),
    "govstack.too_many_periods": _(
        "More than %(limit)s periods: choose a longer timeframe or a shorter time span."
    ),
    "govstack.statistics_not_found": _(
        "Nothing matches the registrationName, operator or role you asked for."
    ),
    "govstack.officers_do_not_edit": _(
        "Officers do not change what a citizen submitted: complete the task to decide."
    ),
}


class GovStackError(Exception):
    """An error of this channel's own (a header, a parameter), with its HTTP status."""

    def __init__(
        self, status: int, code: str, params: dict[str, Any] | None = None,
        problems: list[Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params or {}
        self.problems = problems or []


def text(code: str, params: dict[str, Any] | None = None, language: str | None = None) -> str:
    """The message for ``code`` (this channel's, else the domain's) in ``language``."""
    if code not in MESSAGES:
        return render(code, params, language)
    with translation.override(language or current_language()):
        message = str(MESSAGES[code])
    return message % params if params else message


def field_error(field: str, code: str, params: dict[str, Any] | None = None) -> dict[str, str]:
    return {"field": field, "code": code, "message": text(code, params)}


def _trace_id() -> str:
    """The request's id (``X-Request-ID``), so the log lines of a failure are found by it."""
    request_id = current_request_id()
    return request_id if request_id != "-" else uuid.uuid4().hex


def unavailable() -> HttpResponse:
    """503: the database went away (``core.outages``); the same request may be sent again."""
    response = system_error(status=503, code="server.unavailable")
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def system_error(
    *, status: int, code: str, params: dict[str, Any] | None = None,
    errors: list[dict[str, str]] | None = None, trace_id: str | None = None,
) -> HttpResponse:  # fmt: skip
    body: dict[str, Any] = {
        "traceId": trace_id or _trace_id(),
        "code": code,
        "message": text(code, params, "en"),
        "localizedMessage": text(code, params),
    }
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = current_language()
    return response


@contextlib.contextmanager
def fields_under(prefix: str, documents: str = "documents") -> Iterator[None]:
    """Name the fields of a domain ``Invalid`` as they are in this API's request body: the form's
    under ``prefix``, the documents' (``documents.N``, a missing ``attachments.SERVICE.KIND``)
    under ``documents``."""
    try:
        yield
    except Invalid as error:
        problems = [dataclasses.replace(p, field=_field(p.field, prefix, documents))
                    for p in error.problems]  # fmt: skip
        raise Invalid(error.code, problems) from None


def _field(field: str, prefix: str, documents: str) -> str:
    head, _, rest = field.partition(".")
    if head == "documents":
        return f"{documents}.{rest}" if rest else documents
    if head == "attachments":  # a required document missing: attachments.SERVICE.KIND
        return f"{documents}.{rest}"
    return f"{prefix}.{field}"


_PYDANTIC_CODES = {
    "missing": "required",
    "string_type": "type.string",
    "int_type": "type.integer",
    "int_parsing": "type.integer",
    "int_from_float": "type.integer",
    "bool_type": "type.boolean",
    "bool_parsing": "type.boolean",
    "dict_type": "type.object",
    "model_type": "type.object",
    "model_attributes_type": "type.object",
    "list_type": "type.array",
    "literal_error": "choice",
    "enum": "choice",
    "date_from_datetime_parsing": "format.date",
    "date_parsing": "format.date",
    "date_type": "format.date",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
    "string_too_long": "max_length",
}
_PLACES = {"body", "payload", "query", "filters", "header", "path"}


def _pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    found = []
    for error in errors:
        field = ".".join(str(part) for part in error.get("loc", ()) if part not in _PLACES)
        code = _PYDANTIC_CODES.get(str(error.get("type")), "invalid")
        context = error.get("ctx") or {}
        limit = next((context[k] for k in ("ge", "le", "max_length") if k in context), None)
        found.append(field_error(field, code, {"limit": limit} if limit is not None else None))
    return found


def install(api: NinjaAPI) -> None:
    @api.exception_handler(GovStackError)
    def govstack_error(request: HttpRequest, error: GovStackError) -> HttpResponse:
        errors = [field_error(p.field, p.code, p.params) for p in error.problems]
        return system_error(
            status=error.status, code=error.code, params=error.params, errors=errors or None
        )

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        errors = None
        if isinstance(error, Invalid):
            errors = [field_error(p.field, p.code, p.params) for p in error.problems]
        response = system_error(
            status=STATUS[error.kind], code=error.code, params=error.params, errors=errors
        )
        if retry_after := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = list(error.errors)
        if any(e.get("type") == "json_invalid" for e in errors):
            return system_error(status=400, code="govstack.not_json")
        return system_error(
            status=400, code="govstack.request_invalid", errors=_pydantic_errors(errors)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = system_error(status=401, code="auth.required")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        codes = {400: "govstack.not_json", 403: "request.csrf", 404: "not_found.page"}
        code = codes.get(error.status_code)  # 400: a body Ninja cannot parse
        params = None if code else {"detail": str(error)}
        return system_error(
            status=error.status_code, code=code or "request.malformed", params=params
        )

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
        if isinstance(error, RequestDataTooBig):
            return system_error(status=413, code="request.too_large")
        if isinstance(error, Http404):
            return system_error(status=404, code="not_found.page")
        if database_unavailable(error):
            logger.warning("Database unavailable in %s %s: %s", request.method, request.path, error)
            return unavailable()
        logger.exception("Unexpected error in %s %s", request.method, request.path)
        return system_error(status=500, code="server.error")
