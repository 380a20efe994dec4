"""The one write path of service quality: a citizen rates the service a case received."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from qyzmet.applications.models import DECIDED_CASE_STATUSES, Case
from qyzmet.applications.validation import FieldProblem
from qyzmet.audit.services import record_audit
from qyzmet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qyzmet.quality.models import (
    CHANGE_WINDOW,
    COMMENT_MAX_LENGTH,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    Rating,
)


def _problems(*, score: Any, comment: str) -> list[FieldProblem]:
    problems = []
    is_whole_number = isinstance(score, int) and not isinstance(score, bool)
    if not (is_whole_number and LOWEST_SCORE <= score <= HIGHEST_SCORE):
        problems.append(FieldProblem("score", "rating.score_range"))
    if len(comment) > COMMENT_MAX_LENGTH:
        problems.append(FieldProblem("comment", "max_length", {"limit": COMMENT_MAX_LENGTH}))
    return problems


def rate_case(*, citizen: Any, case: Case, score: int, comment: str = "", channel: str) -> Rating:
    """Rate the service ``case`` received: ``score`` 1 to 5 and an optional comment.

    Only the citizen who submitted the application may rate, and only once the case is
    decided (approved or rejected). There is one rating per case: rating again within 30 days
    of the first rating changes it (score and comment, so a citizen can correct a slip or
    add what happened next); after that it stands, so the figures of a period stay put.
    Another citizen's case is reported as not found, as everywhere else in the portal.
    The audit record keeps the score and the comment's length, never the comment itself.
    """
    if not getattr(citizen, "is_citizen", False):
        raise Forbidden("auth.citizen_only")
    comment = (comment or "").strip()
    problems = _problems(score=score, comment=comment)
    if problems:
        raise Invalid("rating.invalid", problems)
    with transaction.atomic():
        # Locking the case serialises two ratings of the same case sent at once.
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application")
            .get(pk=case.pk)
        )
        if case.application.citizen_id != citizen.pk:
            raise NotFound("not_found.case")
        if case.status not in DECIDED_CASE_STATUSES:
            raise Conflict("rating.not_decided")
        now = timezone.now()
        rating = Rating.objects.filter(case=case).first()
        if rating is None:
            rating = Rating.objects.create(
                case=case, citizen=citizen, score=score, comment=comment,
                created_at=now, updated_at=now,
            )  # fmt: skip
            action = "case.rated"
        elif rating.is_changeable(now):
            rating.score, rating.comment, rating.updated_at = score, comment, now
            rating.save(update_fields=["score", "comment", "updated_at"])
            action = "case.rating_changed"
        else:
            raise Conflict("rating.closed", {"days": CHANGE_WINDOW.days})
        record_audit(
            actor=citizen,
            action=action,
            obj=case,
            channel=channel,
            details={"score": score, "comment_length": len(comment)},
        )
    return rating
