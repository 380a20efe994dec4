"""Lists in pages: ``?limit=&cursor=``, and the next page in a ``Link: <...>; rel="next"``
header (RFC 8288), so the body stays the bare list it always was. A page follows on from the
last row of the one before (keyset), so rows added or removed meanwhile neither repeat nor go
missing. The cursor is opaque (signed), and only good for the list that gave it."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field

from qyzmet.callers.shapes import Shape
from qyzmet.core.errors import Invalid

DEFAULT_LIMIT = 100
LARGEST_LIMIT = 500
LINK = {
    "Link": {
        "description": 'The next page, if there is one: `<URL>; rel="next"` (RFC 8288).',
        "schema": {"type": "string"},
    }
}
PAGED = {"responses": {200: {"headers": LINK}}}  # openapi_extra of a paged operation

M = TypeVar("M", bound=Model)


class PageQuery(Shape):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=LARGEST_LIMIT, description="How many, at most, on this page."
    )
    cursor: str | None = Field(
        None, max_length=500, description='Where to go on from: take the `Link` (rel="next").'
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | uuid.UUID):
        return str(value)
    return value


def _position(row: Model, order: Sequence[str]) -> list[Any]:
    return [_plain(getattr(row, name.lstrip("-"))) for name in order]


def _field(model: type[Model], name: str) -> Any:
    name = name.lstrip("-")
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _after(model: type[Model], order: Sequence[str], position: list[Any]) -> Q:
    """Rows after ``position`` in ``order``: the first field beyond it, or equal and the next
    beyond, and so on."""
    values = [_field(model, n).to_python(v) for n, v in zip(order, position, strict=True)]
    after = Q()
    for i, name in enumerate(order):
        beyond = Q(**{f"{name.lstrip('-')}__{'lt' if name.startswith('-') else 'gt'}": values[i]})
        for earlier, value in zip(order[:i], values[:i], strict=True):
            beyond &= Q(**{earlier.lstrip("-"): value})
        after |= beyond
    return after


def _salt(rows: QuerySet[Any], order: Sequence[str]) -> str:
    return f"qyzmet.api.page:{rows.model._meta.label}:{','.join(order)}"


def page_of(
    rows: QuerySet[M], query: PageQuery, *, order: Sequence[str]
) -> tuple[list[M], str | None]:
    """One page of ``rows`` in ``order`` (which must end in a unique field), and the cursor of
    the next page (``None`` on the last one)."""
    ordered = rows.order_by(*order)
    if query.cursor:
        try:
            position = signing.loads(query.cursor, salt=_salt(rows, order))
            ordered = ordered.filter(_after(rows.model, order, position))
        except (signing.BadSignature, TypeError, ValueError, ValidationError) as error:
            raise Invalid("cursor.invalid") from error
    found = list(ordered[: query.limit + 1])
    if len(found) <= query.limit:
        return found, None
    found = found[: query.limit]
    return found, signing.dumps(_position(found[-1], order), salt=_salt(rows, order))


def link_next(request: HttpRequest, response: HttpResponse, cursor: str | None) -> None:
    """Name the next page in ``response``'s Link header, with the request's other parameters."""
    if cursor is None:
        return
    query = request.GET.copy()
    query["cursor"] = cursor
    response["Link"] = f'<{request.build_absolute_uri("?" + query.urlencode())}>; rel="next"'
