"""Reading the data tracker: the accesses to a citizen's data they may see now, and the
concealments recorded by investigations."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qyzmet.applications.models import Application
from qyzmet.core.errors import Invalid
from qyzmet.core.pseudonyms import subject_digest
from qyzmet.exchange.models import DataAccess
from qyzmet.registries.fields import REGISTRY_NAMES
from qyzmet.tracker.concealments import Problem
from qyzmet.tracker.family import Family
from qyzmet.tracker.models import Concealment


def running_concealments(now: datetime.datetime | None = None) -> QuerySet[Concealment]:
    """Concealments hiding their access at ``now``: not lifted, not ended."""
    return Concealment.objects.filter(lifted_at__isnull=True, until__gt=now or timezone.now())


def accesses_of(
    citizen: Any,
    *,
    registry: str | None = None,
    application: Application | None = None,
    family: Family | None = None,
    about: str | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[DataAccess]:
    """Every exchange request about the citizen, granted or refused, newest first, except
    those an investigation hides at ``now``; with their ``family`` (``family.family_of``),
    about their minor children too, or only about the one ``about`` names; only of
    ``registry`` when one is named, only for ``application`` (one of the citizen's, or any of
    its cases) when one is given."""
    iin = getattr(citizen, "iin", None)
    if not iin:
        return DataAccess.objects.none()
    subjects = family.digests(about) if family is not None else [subject_digest(iin)]
    hidden = running_concealments(now).filter(access=OuterRef("pk"))
    accesses = DataAccess.objects.filter(subject__in=subjects).exclude(Exists(hidden))
    if registry:
        accesses = accesses.filter(registry=known_registry(registry))
    if application is not None:
        cases = [str(pk) for pk in application.cases.values_list("pk", flat=True)]
        accesses = accesses.filter(
            Q(purpose_kind=DataAccess.PurposeKind.APPLICATION, purpose_ref=str(application.pk))
            | Q(purpose_kind=DataAccess.PurposeKind.CASE, purpose_ref__in=cases)
        )
    return accesses.order_by("-at", "-id")


def known_registry(registry: str) -> str:
    if registry not in REGISTRY_NAMES:
        names = ", ".join(REGISTRY_NAMES)
        raise Invalid(
            "tracker.registry", [Problem("registry", "tracker.registry", {"registries": names})]
        )
    return registry


def concealments(*, running: bool = False) -> QuerySet[Concealment]:
    """The concealments recorded, newest first; only those hiding now with ``running``."""
    found = running_concealments() if running else Concealment.objects.all()
    return found.select_related("access").order_by("-hidden_at", "-id")
