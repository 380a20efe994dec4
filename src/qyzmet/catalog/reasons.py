"""Reason templates: the wording an officer starts from when rejecting a case, in Kazakh,
Russian and English, so the citizen reads the reason in their own language.

A template belongs to one agency, optionally to one of its services. General templates are
seeded as data (``reasons.yaml`` beside this module) and kept by operators in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django.db.models import Q

from qyzmet.audit.services import record_audit
from qyzmet.catalog.documents import Problem
from qyzmet.core.texts import LANGUAGES, pick

REASONS_FILE = Path(__file__).with_name("reasons.yaml")


class ReasonTemplate(models.Model):
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.CASCADE, related_name="reason_templates"
    )
    slug = models.SlugField(max_length=64, help_text="Identifies the template within its agency.")
    service = models.SlugField(
        max_length=64, blank=True, help_text="A service slug, or empty for every service."
    )
    text = models.JSONField(help_text="The reason in kk/ru/en, as the citizen will read it.")

    class Meta:
        app_label = "catalog"
        ordering = ["agency__slug", "service", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="reason_template_slug_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug}: {self.slug}"

    def text_in(self, language: str) -> str:
        return pick(self.text, language)


@dataclass
class ReasonsReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class ReasonTemplatesRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def reason_templates_for(*, agency_id: int, service: str) -> list[ReasonTemplate]:
    """The templates an officer of ``agency_id`` may use for a case of ``service``."""
    return list(
        ReasonTemplate.objects.filter(agency_id=agency_id).filter(
            Q(service="") | Q(service=service)
        )
    )


def _text_problems(file: str, where: str, text: Any) -> list[Problem]:
    if not isinstance(text, dict):
        return [Problem(file, where, "must give the text in kk, ru and en")]
    return [
        Problem(file, f"{where}.{language}", "is missing")
        for language in LANGUAGES
        if not isinstance(text.get(language), str) or not text[language].strip()
    ]


def _entries(data: Any, file: str, agencies: set[str]) -> tuple[list[tuple[str, dict]], list]:
    """(agency slug, entry) for every template in the file, general ones for every agency."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [], [Problem(file, "", "must have 'general' and/or 'agencies'")]
    general = data.get("general") or []
    by_agency = data.get("agencies") or {}
    entries = [(slug, entry) for slug in sorted(agencies) for entry in general]
    for slug, own in by_agency.items():
        if slug not in agencies:
            problems.append(Problem(file, f"agencies.{slug}", "agency is not loaded"))
            continue
        entries.extend((slug, entry) for entry in own or [])
    for index, (slug, entry) in enumerate(entries):
        where = f"{slug}[{index}]"
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(Problem(file, where, "needs an 'id'"))
            continue
        problems.extend(_text_problems(file, f"{where}.text", entry.get("text")))
    return entries, problems


def load_reason_templates(*, path: Path = REASONS_FILE, channel: str = "catalog") -> ReasonsReport:
    """Create or update the reason templates in ``path`` (all or nothing). Templates added by
    operators in the admin are left as they are."""
    from qyzmet.catalog.models import Agency

    agencies = {a.slug: a for a in Agency.objects.all()}
    entries, problems = _entries(
        yaml.safe_load(path.read_text(encoding="utf-8")), str(path.name), set(agencies)
    )
    if problems:
        raise ReasonTemplatesRefused(problems)
    report = ReasonsReport()
    with transaction.atomic():
        for slug, entry in entries:
            wanted = {"service": entry.get("service", ""), "text": dict(entry["text"])}
            template, created = ReasonTemplate.objects.get_or_create(
                agency=agencies[slug], slug=entry["id"], defaults=wanted
            )
            label = f"{slug}:{template.slug}"
            if not created and (template.service, template.text) == tuple(wanted.values()):
                report.unchanged.append(label)
                continue
            if not created:
                template.service, template.text = wanted["service"], wanted["text"]
                template.save()
            (report.created if created else report.updated).append(label)
            record_audit(actor=None, action="reason_template.loaded", obj=template, channel=channel)
    return report


def save_reason_template(*, template: ReasonTemplate, actor: Any, channel: str) -> ReasonTemplate:
    """Save a template an operator wrote or changed."""
    with transaction.atomic():
        created = template.pk is None
        template.save()
        record_audit(
            actor=actor,
            action="reason_template.created" if created else "reason_template.changed",
            obj=template,
            channel=channel,
        )
    return template


def delete_reason_template(*, template: ReasonTemplate, actor: Any, channel: str) -> None:
    with transaction.atomic():
        record_audit(actor=actor, action="reason_template.deleted", obj=template, channel=channel)
        template.delete()
