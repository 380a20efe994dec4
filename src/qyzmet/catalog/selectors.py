"""Reading the current catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from qyzmet.catalog.current import current
from qyzmet.catalog.models import (
    LifeSituation,
    LifeSituationVersion,
    OfferRule,
    OfferRuleVersion,
    Service,
    ServiceVersion,
)


def current_services() -> QuerySet[Service]:
    return Service.objects.filter(current__isnull=False).select_related("current", "agency")


def current_life_situations() -> QuerySet[LifeSituation]:
    return LifeSituation.objects.filter(current__isnull=False).select_related("current")


def _current_version(service: Service) -> ServiceVersion | None:
    version = service.current
    if version is not None:
        version.service = service  # read already, with its agency: no query for either
    return version


def service_version(slug: str) -> ServiceVersion | None:
    """The current version of the service ``slug``, with its service and agency (kept by the
    process: ``catalog.current``; read it, never change it)."""
    service = current().services.get(slug)
    return service.current if service else None


def service_versions(slugs: list[str]) -> dict[str, ServiceVersion | None]:
    """The current version of each of ``slugs`` (``None`` for one not in the catalogue)."""
    services = current().services
    return {slug: services[slug].current if slug in services else None for slug in slugs}


def versions_by_pk(pks: Iterable[Any]) -> dict[Any, ServiceVersion]:
    """Service versions by primary key, each with its service and agency: the current ones as
    the process keeps them, earlier ones (a draft started before a new version) read."""
    kept = current().versions
    wanted = set(pks)
    found = {pk: kept[pk] for pk in wanted if pk in kept}
    missing = wanted - set(found)
    if missing:
        found.update(ServiceVersion.objects.select_related("service__agency").in_bulk(missing))
    return found


def life_situation_version(slug: str) -> LifeSituationVersion | None:
    situation = current().situations.get(slug)
    return situation.current if situation else None


def services_now() -> list[Service]:
    """The services of the catalogue, by slug, each with its current version and agency
    (kept by the process)."""
    return list(current().services.values())


def life_situations_now() -> list[LifeSituation]:
    """The life situations of the catalogue, by slug, each with its current version (kept by
    the process)."""
    return list(current().situations.values())


def service_summary(service: Service) -> dict[str, Any]:
    version = service.current
    assert version is not None
    return {
        "id": service.slug,
        "version": version.version,
        "agency": service.agency.slug,
        "title": version.title,
        "fee_mci": version.fee_mci,
        "deadline_days": version.deadline_days,
        "result": version.definition["result"]["kind"],
    }


def life_situation_summary(situation: LifeSituation) -> dict[str, Any]:
    version = situation.current
    assert version is not None
    return {
        "id": situation.slug,
        "version": version.version,
        "title": version.title,
        "services": [entry["service"] for entry in version.definition["services"]],
    }


def catalog_listing() -> dict[str, list[dict[str, Any]]]:
    """The current catalogue as ``qyzmet catalog list --json`` prints it."""
    return {
        "life_situations": [life_situation_summary(s) for s in current_life_situations()],
        "services": [service_summary(s) for s in current_services()],
    }


def offer_rules_for(event: str) -> list[OfferRuleVersion]:
    """The current offer rules of a registry event kind, by id."""
    rules = OfferRule.objects.filter(current__isnull=False).select_related("current")
    current = [rule.current for rule in rules.order_by("slug")]
    return [version for version in current if version is not None and version.event == event]
