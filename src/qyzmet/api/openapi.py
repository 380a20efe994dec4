"""The OpenAPI document of ``/api/v1/``: what Ninja writes from the operations, plus what
holds for every operation and that Ninja does not know of: the problems each may answer
(``application/problem+json``, in the language of Accept-Language), and the
``Idempotency-Key`` of every POST (``api/idempotency.py``)."""

from __future__ import annotations

from typing import Any

from qyzmet.api import idempotency
from qyzmet.api.schemas import ProblemOut

REF = "#/components/schemas/{model}"
PROBLEMS: dict[int, tuple[str, str]] = {  # status: (name, when)
    400: (
        "BadRequest",
        "The body is not JSON, the Idempotency-Key is malformed, or the address or the query "
        "holds a character no database stores (a NUL: `request.unstorable`).",
    ),
    401: ("Unauthorized", "No valid credentials: sign in, or send a bearer token."),
    403: (
        "Forbidden",
        "The caller may not do this: another role, a partner without the scope or the "
        "citizen's consent, or a browser session without its CSRF token.",
    ),
    404: ("NotFound", "The path or the body names something unknown, or not the caller's."),
    409: (
        "Conflict",
        "Not possible in the current state (a draft already submitted, a case already decided); "
        "or the Idempotency-Key was used for another request, or its first request is still "
        "running (then come back after `Retry-After`).",
    ),
    413: ("ContentTooLarge", "The body is too large."),
    422: ("UnprocessableContent", "Input in error: `errors` names each field and what is wrong."),
    429: ("TooManyRequests", "A partner over its rate limit: come back after `Retry-After`."),
}
RETRY_AFTER = {"description": "Seconds to wait.", "schema": {"type": "integer"}}
HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
    409: {"Retry-After": RETRY_AFTER},
    429: {"Retry-After": {**RETRY_AFTER, "required": True}},
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "description": (
        "Makes a retry safe: the same key with the same request (method, path, body) answers "
        "with the first response again, marked `Idempotent-Replayed: true`; the same key with "
        "another request is a 409, and so is a retry while the first request still runs (with "
        "`Retry-After`). Keys are the caller's own, remembered for "
        "`QYZMET_IDEMPOTENCY_KEY_HOURS` (24 by default); 2xx and 4xx answers are replayed, "
        "but not 409, 429 or 5xx, after which the same key may be sent again. A UUID will do."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": idempotency.LONGEST,
        "pattern": idempotency.PATTERN,
    },
}
REPLAYED = {
    idempotency.REPLAYED: {
        "description": "`true` on the first response replayed to a retry.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def _problem_components(components: dict[str, Any]) -> None:
    schema = ProblemOut.model_json_schema(ref_template=REF)
    components.setdefault("schemas", {}).update(schema.pop("$defs", {}))
    components["schemas"]["ProblemOut"] = schema
    components["parameters"] = {"IdempotencyKey": IDEMPOTENCY_KEY}
    components["responses"] = {
        name: {
            "description": when,
            "content": {
                "application/problem+json": {"schema": {"$ref": REF.format(model="ProblemOut")}}
            },
            **({"headers": HEADERS[status]} if status in HEADERS else {}),
        }
        for status, (name, when) in PROBLEMS.items()
    }


def problems_of(method: str, operation: dict[str, Any]) -> list[int]:
    """The problems an operation may answer, from what it takes and who may call it."""
    places = {p.get("in") for p in operation.get("parameters", [])}
    # 400 for any: an address may hold text no database stores (qyzmet.request_text), a body
    # may not be JSON, an Idempotency-Key may be malformed
    statuses = {400}
    if operation.get("security"):
        statuses |= {401, 403, 429}
    if "path" in places or "requestBody" in operation:
        statuses.add(404)  # the path or the body names something unknown
    if "requestBody" in operation:
        statuses |= {413, 422}
    if "query" in places:
        statuses.add(422)
    if method in ("post", "patch"):
        statuses.add(409)
    return sorted(statuses)


def _idempotent(operation: dict[str, Any]) -> None:
    operation.setdefault("parameters", []).append(
        {"$ref": "#/components/parameters/IdempotencyKey"}
    )
    for status, response in operation["responses"].items():
        if 200 <= int(status) < 300:
            response.setdefault("headers", {}).update(REPLAYED)


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the problems of every operation and the key of every POST."""
    _problem_components(document.setdefault("components", {}))
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method.upper() in idempotency.METHODS:
                _idempotent(operation)
            for status in problems_of(method, operation):
                name = PROBLEMS[status][0]
                operation["responses"].setdefault(
                    status, {"$ref": f"#/components/responses/{name}"}
                )
    return document
