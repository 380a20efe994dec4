"""The home page as a visitor who is not signed in sees it, rendered once per process for each
language and catalogue (issue 18: rendering the page was four times the cost of a bare GET).

What such a visitor's page holds depends on the language, the life situations' current
versions and the deployment's settings only; except the CSRF token of the language switch,
which is the visitor's own. So the page is kept with a marker where the token goes, and each
request gets its own token put in (``get_token``, as the ``{% csrf_token %}`` tag would, so
the cookie is set as before). A signed-in citizen (the greeting, the account menu), a visitor
with a message to read (after signing out), or a request with a query string is rendered
afresh. A new catalogue version changes the key, so its page is rendered again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

KEPT = 12  # pages (languages x catalogues) a process keeps; more, and it starts over
_MARKER = f"csrf-{secrets.token_hex(16)}"  # never a token: a token is 64 letters and digits
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_pages: dict[tuple[str, int], tuple[object, str]] = {}


def the_same_for_everyone(request: HttpRequest) -> bool:
    """Whether this request sees the page every visitor not signed in sees."""
    return (
        request.method == "GET"
        and not request.GET
        and not request.user.is_authenticated
        and not len(get_messages(request))  # counting them does not mark them read
    )


def kept_page(
    request: HttpRequest, *, language: str, catalogue: object, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page in ``language`` of ``catalogue`` (the object ``catalog.current`` keeps: a new
    one when the catalogue is read again), rendered by ``render`` the first time, with this
    request's own CSRF token."""
    key = (language, id(catalogue))
    kept = _pages.get(key)
    if kept is None or kept[0] is not catalogue:
        response = render()
        if response.status_code == 200:
            page = _TOKEN.sub(rf"\g<1>{_MARKER}\g<2>", response.content.decode(response.charset))
            if len(_pages) >= KEPT:
                _pages.clear()
            _pages[key] = (catalogue, page)  # the catalogue held: its id names no other
        return response
    return HttpResponse(kept[1].replace(_MARKER, get_token(request)))


@receiver(setting_changed)
def forget_pages(**kwargs: object) -> None:
    """Render every page again (a setting the page shows changed: tests)."""
    _pages.clear()
