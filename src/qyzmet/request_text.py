"""A request whose address, query or form holds a character no database stores (a NUL, a lone
surrogate) is answered 400 in its channel's format and the caller's language, before a view
looks such a value up or writes it: PostgreSQL refuses that text, so the view would fail with a
server error, and no person types such characters. A cookie holding one is dropped (a session
cookie so made is no session at all), as are partners' ``Basic`` credentials holding a NUL.

A form is read here, as the CSRF check would read it next: a URL-encoded one, and a multipart
one no larger than Django keeps in memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``, 2.5 MB), its
fields and its files' field names (Django keeps no unprintable character of a file's name). A
multipart body is read whole first, so a view that reads the raw body (a JSON API, a
provider's webhook) still can. A larger one is an upload, left to its view: the portal's forms
refuse such characters, the API's upload types its fields (``api.schemas.StorableText``). A
form that cannot be read (a multipart body without its boundary or cut short, too many fields
or files) is a 400 in the same format, one whose fields are too large to keep in memory a 413.
A JSON body is left to the APIs' shapes (``RequestBody``, GovStack's ``Storable``). Runs right
after ``qyzmet.request_size``, so a body too large is refused before it is read here."""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from qyzmet.core.storable import storable
from qyzmet.failures import refused

FORM, MULTIPART = "application/x-www-form-urlencoded", "multipart/form-data"


class RequestTextMiddleware:
    """400 for a request whose path, query, form or Basic credentials hold a character no
    database stores; cookies holding one are dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if storable(name) and storable(value)
        }
        try:
            if not readable(request):
                return refused(request, status=400, code="request.unstorable")
        except RequestDataTooBig:  # its fields past Django's limit in memory
            return refused(request, status=413, code="request.form_too_large")
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent):
            return refused(request, status=400, code="request.form_unreadable")
        return self.get_response(request)


def readable(request: HttpRequest) -> bool:
    """Whether every text of ``request`` that views read as it is can be stored (Django's
    errors for a form it cannot read, or too large to keep in memory, are raised)."""
    texts: list[Iterable[str]] = [[request.path], _pairs(request.GET.lists())]
    if request.method == "POST" and _form_read_here(request):
        # a client gone within its body (OSError) is the CSRF check's to answer
        with contextlib.suppress(OSError):
            if request.content_type == MULTIPART:
                request.body  # noqa: B018  (kept: the form is read from it, and views may read it)
            texts += [_pairs(request.POST.lists()), request.FILES.keys()]
    return all(storable(text) for group in texts for text in group) and _basic_readable(request)


def _form_read_here(request: HttpRequest) -> bool:
    if request.content_type == FORM:
        return True
    if request.content_type != MULTIPART:
        return False
    declared = str(request.META.get("CONTENT_LENGTH") or "").strip()
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return declared.isdigit() and (limit is None or int(declared) <= limit)


def _pairs(lists: Iterable[tuple[str, list[str]]]) -> Iterable[str]:
    for key, values in lists:
        yield key
        yield from values


def _basic_readable(request: HttpRequest) -> bool:
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return True
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True)
    except (binascii.Error, ValueError):
        return True  # not Basic credentials at all: the OAuth2 provider refuses them
    return b"\x00" not in decoded
