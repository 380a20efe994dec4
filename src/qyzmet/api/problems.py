"""Errors as ``application/problem+json`` (RFC 9457), in the language of the request."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from qyzmet.core.errors import DomainError, Invalid
from qyzmet.core.messages import render
from qyzmet.core.outages import RETRY_AFTER, database_unavailable

logger = logging.getLogger("qyzmet.api")

STATUS = {
    "malformed": 400,
    "invalid": 422,
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "rate_limited": 429,
    "unavailable": 503,  # a registry that does not answer (the exchange)
}
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(
    api: NinjaAPI, request: HttpRequest, *, status: int, code: str,
    params: dict[str, Any] | None = None, errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:  # fmt: skip
    body: dict[str, Any] = {
        "type": f"urn:qyzmet:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": render(code, params),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    response["Content-Language"] = get_language() or "ru"
    return response


def unavailable(api: NinjaAPI, request: HttpRequest) -> HttpResponse:
    """503: the database went away (``core.outages``); the same request may be sent again."""
    response = problem(api, request, status=503, code="server.unavailable")
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def field_errors(problems: list[Any]) -> list[dict[str, Any]]:
    return [
        {"field": p.field, "code": p.code, "message": render(p.code, p.params)} for p in problems
    ]


_PYDANTIC_CODES = {
    "missing": "required",
    "string_type": "type.string",
    "int_type": "type.integer",
    "int_parsing": "type.integer",
    "bool_type": "type.boolean",
    "bool_parsing": "type.boolean",
    "dict_type": "type.object",
    "model_type": "type.object",
    "model_attributes_type": "type.object",
    "list_type": "type.array",
    "literal_error": "choice",
    "enum": "choice",
    "uuid_parsing": "invalid",
    "string_too_long": "max_length",
    "string_too_short": "required",  # "" where text is needed
    "timezone_aware": "format.date_time",  # a time without its offset
    "datetime_parsing": "format.date_time",
    "datetime_from_date_parsing": "format.date_time",  # 30 February, 25:00, offset +99:00
    "datetime_type": "format.date_time",
}
NOT_BLANK = r"\S"  # the pattern of text fields that must hold more than spaces


def _code(error: dict[str, Any]) -> str:
    kind = str(error.get("type"))
    if kind == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == NOT_BLANK:
        return "required"  # only spaces where text is needed
    return _PYDANTIC_CODES.get(kind, "invalid")


def _pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        code = _code(error)
        limit = (error.get("ctx") or {}).get("max_length")
        params = {"limit": limit} if limit is not None else None
        result.append({"field": ".".join(location), "code": code, "message": render(code, params)})
    return result


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        errors = field_errors(error.problems) if isinstance(error, Invalid) else None
        response = problem(
            api, request, status=STATUS[error.kind], code=error.code, params=error.params,
            errors=errors,
        )  # fmt: skip
        if retry_after := getattr(error, "retry_after", None):
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = list(error.errors)
        if any(e.get("type") == "json_invalid" for e in errors):
            return problem(
                api, request, status=400, code="request.malformed",
                params={"detail": "the body is not valid JSON"},
            )  # fmt: skip
        return problem(
            api, request, status=422, code="invalid_application", errors=_pydantic_errors(errors)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = problem(api, request, status=401, code="auth.required")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        code = {404: "not_found.page", 403: "request.csrf"}.get(error.status_code)
        return problem(
            api, request, status=error.status_code, code=code or "request.malformed",
            params=None if code else {"detail": str(error)},
        )  # fmt: skip

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
        from django.core.exceptions import RequestDataTooBig
        from django.http import Http404

        if isinstance(error, RequestDataTooBig):
            return problem(api, request, status=413, code="request.too_large")
        if isinstance(error, Http404):
            return problem(api, request, status=404, code="not_found.page")
        if database_unavailable(error):
            logger.warning("Database unavailable in %s %s: %s", request.method, request.path, error)
            return unavailable(api, request)
        logger.exception("Unexpected error in %s %s", request.method, request.path)
        return problem(api, request, status=500, code="server.error")
