"""Who may use the back office: an officer of an agency, signed in with the second factor.
Everyone else is sent to the back office's sign-in (or refused, if signed in without an
agency); refusals are rendered as a page in the officer's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from qyzmet.accounts.officers import second_factor_verified
from qyzmet.core.errors import DomainError, Forbidden
from qyzmet.core.messages import render as render_message

CHANNEL = "backoffice"
STATUS = {"forbidden": 403, "not_found": 404, "conflict": 409, "invalid": 400}

View = Callable[..., HttpResponse]


def is_signed_in_officer(user: Any) -> bool:
    """Signed in with the second factor the deployment asks for (``second_factor_verified``)."""
    return second_factor_verified(user)


def officer_required(view: View) -> View:
    """Let through only officers verified with their second factor."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_signed_in_officer(request.user):
            return redirect_to_login(request.get_full_path(), reverse("backoffice:sign-in"))
        if not getattr(request.user, "is_officer", False):
            return problem_page(request, Forbidden("auth.officer_only"))
        return view(request, *args, **kwargs)

    return guarded


def problem_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A page saying what went wrong (403, 404...), in the language of the request."""
    status = STATUS.get(error.kind, 400)
    return render(
        request,
        "backoffice/problem.html",
        {"message": render_message(error.code, error.params), "status": status},
        status=status,
    )
