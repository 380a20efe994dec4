"""The base of every request and response shape of the JSON APIs (``/api/v1/`` and GovStack's
channel), decision 0082.

A shape is a pydantic model validated by pydantic alone. django-ninja's own ``Schema`` wraps
each object it validates, every nested one too, in a getter written in Python (to read Django
managers and files); our presenters hand the APIs dicts and lists, so that wrapping only cost
time: a quarter of a millisecond of a submission's 201 answer, a third of a catalogue read's
CPU. django-ninja takes any pydantic model as a body, a query or a response, and makes the
same OpenAPI document of it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Shape(BaseModel):
    """A JSON shape of the API (subclass it as one would django-ninja's ``Schema``). It reads
    dict keys, and plain attributes of other objects (``from_attributes``); unlike ninja's it
    turns no manager, file or callable into a value and makes no dotted lookup, and refuses
    a body that is not an object: give it plain values."""

    model_config = ConfigDict(from_attributes=True)
