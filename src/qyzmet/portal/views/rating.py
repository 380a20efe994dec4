"""A citizen rates the service a decided case received (and may change it for 30 days)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qyzmet.applications.models import Case
from qyzmet.core.errors import DomainError, Invalid, NotFound
from qyzmet.core.messages import render as message
from qyzmet.quality.selectors import case_to_rate
from qyzmet.quality.services import rate_case

STATUS = {"invalid": 400, "conflict": 409}


def _next(request: HttpRequest, case: Case) -> str:
    """Where to go back to: ``next`` when it is a page of this site, else the rating page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:rate-case", args=[case.pk])


def _score(value: Any) -> int:
    """The chosen score; 0 (refused with a clear message) when none or not a number."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 3 else 0


def _page(
    request: HttpRequest,
    case: Case,
    *,
    next_url: str,
    status: int = 200,
    error: DomainError | None = None,
) -> HttpResponse:
    errors: dict[str, str] = {}
    if isinstance(error, Invalid):
        errors = {p.field: message(p.code, p.params) for p in error.problems}
    context = {
        "case": case,
        "rating_next": next_url,
        "rating_values": request.POST if request.method == "POST" else {},
        "rating_errors": errors,
        "rating_problem": message(error.code, error.params) if error else "",
    }
    return render(request, "portal/rating/page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rate_case_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    try:
        case = case_to_rate(citizen=request.user, case_id=case_id)
    except NotFound:
        raise Http404 from None
    next_url = _next(request, case)
    if request.method == "GET":
        return _page(request, case, next_url=next_url)
    try:
        rating = rate_case(
            citizen=request.user,
            case=case,
            score=_score(request.POST.get("score")),
            comment=request.POST.get("comment", ""),
            channel="portal",
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        if error.kind == "forbidden":
            raise PermissionDenied from error
        return _page(
            request, case, next_url=next_url, status=STATUS.get(error.kind, 400), error=error
        )
    if rating.updated_at > rating.created_at:
        messages.success(request, _("Your rating has been changed."))
    else:
        messages.success(request, _("Thank you for rating the service."))
    return redirect(next_url)
