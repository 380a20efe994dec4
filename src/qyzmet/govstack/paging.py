"""Pagination and sorting of lists (``firstResult``, ``maxResult``, ``sortBy``, ``sortOrder``).

GovStack names the sort keys of its workflow engine; each has a meaning in qyzmet, where a
file or a task is its own instance and execution, and priority is how soon it is due."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from qyzmet.govstack.errors import GovStackError
from qyzmet.govstack.schemas import Page

LARGEST_PAGE = 500
SORT_KEYS = {
    "id": "id",
    "instanceId": "id",
    "caseInstanceId": "id",
    "executionId": "id",
    "caseExecutionId": "id",
    "created": "created",
    "dueDate": "dueDate",
    "priority": "dueDate",
    "assignee": "assignee",
    "name": "name",
    "nameCaseInsensitive": "name",
    "description": "name",
}

M = TypeVar("M", bound=Model)


def page_of(
    rows: QuerySet[M], page: Page, *, orderings: dict[str, str], default: tuple[str, ...]
) -> list[M]:
    """One page of ``rows``, sorted by ``page.sortBy`` (``orderings`` gives the field of each
    key: id, created, dueDate, assignee, name) or else by ``default``."""
    order: tuple[str, ...] = default
    if page.sortBy:
        key = SORT_KEYS.get(page.sortBy)
        if key is None:
            raise GovStackError(400, "govstack.sort_invalid", {"choices": ", ".join(SORT_KEYS)})
        field = orderings[key]
        order = (f"-{field}" if page.sortOrder == "desc" else field, "pk")
    size = min(page.maxResult, LARGEST_PAGE)
    return list(rows.order_by(*order)[page.firstResult : page.firstResult + size])
