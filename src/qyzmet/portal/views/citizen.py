"""Who may use the citizen's pages, and keeping what they typed when their session expired."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, QueryDict
from django.shortcuts import redirect

PENDING = "pending_post"


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in citizens only. A form posted after the session expired is kept in the new
    session and offered again once the citizen has signed in, so nothing typed is lost."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                posted = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
                request.session[PENDING] = {"path": request.path, "data": posted}
            return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.path})}")
        if not getattr(request.user, "iin", None):
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return wrapper


def pending_post(request: HttpRequest) -> QueryDict | None:
    """The form this page received before the citizen had to sign in again, once."""
    pending = request.session.get(PENDING)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING]
    data = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        data.setlist(key, values)
    return data
