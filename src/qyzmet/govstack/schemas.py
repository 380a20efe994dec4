"""Request bodies and query parameters, as the GovStack specification defines them.

Every text and value that may be stored is checked first (``Storable``): no NUL characters,
no lone surrogates, no infinite numbers, which PostgreSQL would refuse with a server error."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

from ninja import Field
from pydantic import AfterValidator

from qyzmet.callers.shapes import Shape
from qyzmet.core.storable import storable

LARGEST_INDEX = 2**31 - 1


def _storable(value: Any) -> Any:
    if not storable(value):
        raise ValueError("contains a NUL character, a lone surrogate or an infinite number")
    return value


def as_uuid(value: str) -> uuid.UUID | None:
    """The id as a UUID, or ``None`` for an id that cannot be one (ids are opaque strings)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


Storable = AfterValidator(_storable)
Text = Annotated[str, Storable]
Variables = Annotated[
    dict[str, dict[str, Any]],
    Storable,
    Field(description="Each value is an object (GovStack's additionalProperties: object)."),
]


class FormData(Shape):
    data: Variables | None = Field(
        None, description="Form values per service id: {service id: {field: value}}."
    )
    eFormId: Text | None = Field(None, description="The eForm the values were entered in.")


class ApplicationFileSubmit(Shape):
    """``applicationFileSubmit``: what an applicant sends."""

    applicantId: Text = Field(description="The IIN of the signed-in citizen.")
    applicationName: Text | None = None
    created: Text | None = Field(None, description="When the client made it (not stored).")
    formData: FormData | None = None
    documentUrls: list[Text] | None = Field(
        None,
        max_length=20,
        description="The ids of documents uploaded with POST /documents, to attach on submission.",
    )
    onBehalfOf: Text | None = Field(
        None,
        description="qyzmet's extension (GovStack's specification has no representation): the "
        "IIN of the person or the BIN of the company the applicant acts for: their child under "
        "18, a principal whose mandate in force names them, a company the business registry "
        "names them head of. applicantId stays the signed-in citizen, who acts.",
    )


class AdditionalData(Shape):
    """``additionalData``: the variables of a completed task, each ``{"value": ...}``."""

    data: Variables | None = None


class Page(Shape):
    firstResult: int = Field(0, ge=0, le=LARGEST_INDEX, description="Index of the first result.")
    maxResult: int = Field(100, ge=0, le=LARGEST_INDEX, description="At most 500 are returned.")
    sortBy: Text | None = None
    sortOrder: Literal["asc", "desc"] | None = None


class FileFilters(Page):
    serviceId: Text | None = None
    applicantId: Text | None = None


class TaskFilters(Page):
    mainTaskId: Text | None = None
    fileId: Text | None = None
    assigneeId: Text | None = None


class StatisticsFilters(Shape):
    startDate: datetime.date | None = None
    endDate: datetime.date | None = None
    registrationName: Text | None = None
    operator: Text | None = None
    role: Text | None = None
    timeframe: Literal["day", "week", "month", "year"] | None = None
