"""Loading the catalogue into the database: the one write path for agencies, service centres,
services, life situations and offer rules. A loaded version is never changed; a new version
becomes the current one and applications made with an older version keep it. The one
exception are the example ``phrasings`` (how citizens ask for it): they decide nothing about an
application, so the current version takes new ones in place, audited (decision 13)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from qyzmet.audit.services import record_audit
from qyzmet.catalog.centres import load_service_centres
from qyzmet.catalog.documents import Catalog, Document, Kind, Problem
from qyzmet.catalog.models import (
    Agency,
    LifeSituation,
    LifeSituationVersion,
    OfferRule,
    OfferRuleVersion,
    Service,
    ServiceVersion,
)


class CatalogRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def digest(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _load_agencies(doc: Document, report: LoadReport, actor: Any, channel: str) -> None:
    for entry in doc.data["agencies"]:
        wanted = {
            "name": entry["name"],
            "short_name": entry["short_name"],
            "registries": entry.get("registries", []),
            "bin": entry.get("bin", ""),
            "appeals_decided_by": (entry.get("appeals") or {}).get("decided_by", ""),
        }
        agency, created = Agency.objects.get_or_create(slug=entry["id"], defaults=wanted)
        changed = any(getattr(agency, field) != value for field, value in wanted.items())
        if created or changed:
            for field, value in wanted.items():
                setattr(agency, field, value)
            agency.save()
            record_audit(actor=actor, action="agency.loaded", obj=agency, channel=channel)
            report.loaded.append(f"agency {agency.slug}")
        else:
            report.unchanged.append(f"agency {agency.slug}")


NEW, SAME, PHRASINGS = "new", "same", "phrasings"


def _without_phrasings(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "phrasings"}


def _new_version(*, doc: Document, latest: Any, problems: list[Problem], label: str) -> str | None:
    """NEW: create a new version; SAME: the same version is loaded already; PHRASINGS: the
    loaded version differs only in its phrasings; None: refused."""
    version = doc.data["version"]
    if latest is None or version > latest.version:
        return NEW
    if version == latest.version and latest.digest == digest(doc.data):
        return SAME
    if version == latest.version and _without_phrasings(latest.definition) == _without_phrasings(
        doc.data
    ):
        return PHRASINGS
    if version == latest.version:
        message = f"version {version} of {label} is loaded with other content; raise 'version'"
    else:
        message = f"version {version} is older than the loaded version {latest.version}"
    problems.append(Problem(doc.file, "version", message))
    return None


def _update_phrasings(
    version: Any, doc: Document, report: LoadReport, label: str, *, action: str, **audit: Any
) -> None:
    """Give the loaded version the file's phrasings; nothing else of it changes."""
    before = version.definition.get("phrasings", {})
    version.definition = doc.data
    version.digest = digest(doc.data)
    version.save(update_fields=["definition", "digest"])
    counts = {lang: len(doc.data.get("phrasings", {}).get(lang, [])) for lang in ("kk", "ru", "en")}
    before_counts = {lang: len(before.get(lang, [])) for lang in ("kk", "ru", "en")}
    record_audit(obj=version, action=action, details={"before": before_counts, "after": counts},
                 **audit)  # fmt: skip
    report.loaded.append(f"{label} (phrasings)")


def _load_service(doc: Document, report: LoadReport, problems: list[Problem], **audit: Any) -> None:
    data = doc.data
    agency = Agency.objects.filter(slug=data["agency"]).first()
    if agency is None:
        problems.append(Problem(doc.file, "agency", f"agency {data['agency']!r} is not loaded"))
        return
    service, _ = Service.objects.get_or_create(slug=data["id"], defaults={"agency": agency})
    latest = service.versions.order_by("-version").first()
    label = f"service {service.slug} v{data['version']}"
    decision = _new_version(doc=doc, latest=latest, problems=problems, label=label)
    if decision is None:
        return
    if decision == SAME:
        report.unchanged.append(label)
        return
    if decision == PHRASINGS:
        _update_phrasings(latest, doc, report, label, action="service.phrasings_updated", **audit)
        return
    version = ServiceVersion.objects.create(
        service=service, version=data["version"], definition=data, digest=digest(data)
    )
    service.agency = agency
    service.current = version
    service.save(update_fields=["agency", "current"])
    record_audit(obj=version, action="service.version_loaded", **audit)
    report.loaded.append(label)


def _load_life_situation(
    doc: Document, report: LoadReport, problems: list[Problem], **audit: Any
) -> None:
    data = doc.data
    missing = [
        entry["service"]
        for entry in data["services"]
        if not Service.objects.filter(slug=entry["service"], current__isnull=False).exists()
    ]
    for slug in missing:
        problems.append(Problem(doc.file, "services", f"service {slug!r} is not loaded"))
    if missing:
        return
    situation, _ = LifeSituation.objects.get_or_create(slug=data["id"])
    latest = situation.versions.order_by("-version").first()
    label = f"life situation {situation.slug} v{data['version']}"
    decision = _new_version(doc=doc, latest=latest, problems=problems, label=label)
    if decision is None:
        return
    if decision == SAME:
        report.unchanged.append(label)
        return
    if decision == PHRASINGS:
        action = "life_situation.phrasings_updated"
        _update_phrasings(latest, doc, report, label, action=action, **audit)
        return
    version = LifeSituationVersion.objects.create(
        life_situation=situation, version=data["version"], definition=data, digest=digest(data)
    )
    situation.current = version
    situation.save(update_fields=["current"])
    record_audit(obj=version, action="life_situation.version_loaded", **audit)
    report.loaded.append(label)


def _load_offer_rule(
    doc: Document, report: LoadReport, problems: list[Problem], **audit: Any
) -> None:
    data = doc.data
    offered = [("service", data.get("service")), ("life_situation", data.get("life_situation"))]
    for field_name, slug in offered:
        model = Service if field_name == "service" else LifeSituation
        if slug and not model.objects.filter(slug=slug, current__isnull=False).exists():
            problems.append(Problem(doc.file, field_name, f"{slug!r} is not loaded"))
            return
    rule, _ = OfferRule.objects.get_or_create(slug=data["id"])
    latest = rule.versions.order_by("-version").first()
    label = f"offer rule {rule.slug} v{data['version']}"
    decision = _new_version(doc=doc, latest=latest, problems=problems, label=label)
    if decision is None:
        return
    if decision != NEW:  # the same version (offer rules have no phrasings)
        report.unchanged.append(label)
        return
    version = OfferRuleVersion.objects.create(
        rule=rule, version=data["version"], definition=data, digest=digest(data)
    )
    rule.current = version
    rule.save(update_fields=["current"])
    record_audit(obj=version, action="offer_rule.version_loaded", **audit)
    report.loaded.append(label)


def _load_centres(doc: Document, report: LoadReport, problems: list[Problem], **audit: Any) -> None:
    centres = doc.data["service_centres"]
    unknown = {c["agency"] for c in centres} - set(
        Agency.objects.filter(slug__in=[c["agency"] for c in centres]).values_list(
            "slug", flat=True
        )
    )
    for slug in sorted(unknown):
        problems.append(Problem(doc.file, "service_centres", f"agency {slug!r} is not loaded"))
    if not unknown:
        loaded, unchanged = load_service_centres(doc, **audit)
        report.loaded.extend(loaded)
        report.unchanged.extend(unchanged)


def load_catalog(
    *,
    catalog: Catalog,
    actor: Any = None,
    channel: str = "cli",
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadReport:
    """Load a validated catalogue in one transaction: all of it, or nothing
    (``CatalogRefused`` names every file that could not be loaded)."""
    report = LoadReport()
    problems: list[Problem] = []
    order = [
        Kind.AGENCIES,
        Kind.SERVICE,
        Kind.SERVICE_CENTRES,
        Kind.LIFE_SITUATION,
        Kind.OFFER_RULE,
    ]
    documents = sorted(catalog.documents, key=lambda d: order.index(d.kind))
    with transaction.atomic():
        for done, doc in enumerate(documents, start=1):
            if doc.kind == Kind.AGENCIES:
                _load_agencies(doc, report, actor, channel)
            elif doc.kind == Kind.SERVICE:
                _load_service(doc, report, problems, actor=actor, channel=channel)
            elif doc.kind == Kind.SERVICE_CENTRES:
                _load_centres(doc, report, problems, actor=actor, channel=channel)
            elif doc.kind == Kind.LIFE_SITUATION:
                _load_life_situation(doc, report, problems, actor=actor, channel=channel)
            else:
                _load_offer_rule(doc, report, problems, actor=actor, channel=channel)
            if progress:
                progress("catalogue", done, len(documents))
        if problems:
            raise CatalogRefused(problems)
    return report
