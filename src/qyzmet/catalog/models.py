"""The catalogue: agencies, services, life situations and offer rules, each kept in every
version that was loaded, so an application keeps the version it was made with."""

from __future__ import annotations

from typing import Any

from django.db import models

from qyzmet.core.texts import pick

# Every service can be appealed (Administrative Procedural Code of Kazakhstan, art. 91: a
# complaint within three months of learning of the decision, decided within twenty working
# days); a service's catalogue entry may give its own terms under ``appeal``.
APPEAL_TERM_DAYS = 90
APPEAL_DECISION_DAYS = 20
CONSULTED = "consulted"  # the role at a consultation: officers of the agency it consults


class Agency(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.JSONField(help_text="Name in kk/ru/en.")
    short_name = models.JSONField(
        default=dict, help_text="Abbreviation in kk/ru/en, e.g. ҚР ІІМ / МВД РК / MIA RK."
    )
    registries = models.JSONField(default=list, help_text="Registries this agency owns.")
    bin = models.CharField(
        max_length=12,
        blank=True,
        default="",
        help_text="The agency's BIN; when set, its officers sign in with its employee EDS "
        "certificates (decision 36).",
    )
    appeals_decided_by = models.SlugField(
        max_length=64,
        blank=True,
        default="",
        help_text="The agency that decides appeals against this agency's decisions (a higher "
        "body); empty: the agency itself (catalogue's appeals.decided_by).",
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.name)


class Service(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    current = models.ForeignKey(
        "ServiceVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class ServiceVersion(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    definition = models.JSONField(help_text="The service as loaded from its YAML file.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the canonical definition.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="service_version_once")
        ]
        ordering = ["service__slug", "version"]

    def __str__(self) -> str:
        return f"{self.service.slug} v{self.version}"

    @property
    def slug(self) -> str:
        return str(self.definition["id"])

    @property
    def title(self) -> dict[str, str]:
        return dict(self.definition["title"])

    @property
    def form(self) -> dict[str, Any]:
        return dict(self.definition["form"])

    @property
    def steps(self) -> list[dict[str, Any]]:
        return list(self.definition["steps"])

    @property
    def registry_data(self) -> list[str]:
        return list(self.definition.get("registry_data", []))

    @property
    def next_steps(self) -> list[dict[str, str]]:
        """What happens after submission, each step a text in kk, ru and en (may be none)."""
        return [dict(step) for step in self.definition.get("next_steps", [])]

    @property
    def deadline_days(self) -> int:
        return int(self.definition["deadline_days"])

    @property
    def fee_mci(self) -> float:
        return float(self.definition["fee_mci"])

    @property
    def fee_exemptions(self) -> list[dict[str, Any]]:
        return list(self.definition.get("fee_exemptions", []))

    @property
    def fee_paid_online(self) -> bool:
        return self.definition.get("fee_paid", "in_person") == "online"

    @property
    def assurance(self) -> str:
        """What the applicant does to sign what they submit: ``none``, ``sms`` or ``eds``."""
        return str(self.definition.get("assurance", "none"))

    @property
    def refund_on_rejection(self) -> bool:
        return bool(self.definition.get("refund_on_rejection", False))

    @property
    def appeal(self) -> dict[str, int]:
        """The terms of an appeal (``term_days``: calendar days after the decision to appeal;
        ``decision_days``: working days the appeals body has to decide), the catalogue-wide
        defaults where the service names none: every service can be appealed."""
        found = self.definition.get("appeal") or {}
        return {
            "term_days": int(found.get("term_days", APPEAL_TERM_DAYS)),
            "decision_days": int(found.get("decision_days", APPEAL_DECISION_DAYS)),
        }

    @property
    def correction(self) -> dict[str, Any] | None:
        """The term to correct a case sent back and what ends one not corrected in time
        (``term_days``, ``on_expiry``, ``reason``); None: its cases cannot be sent back."""
        found = self.definition.get("correction")
        return dict(found) if found else None

    @property
    def stages(self) -> list[dict[str, Any]]:
        """The stages a case passes through (``stage``, ``role``, ``four_eyes``, ``title`` or
        None), in order; a consultation of another agency has the role ``consulted`` and its
        ``consult``, ``term_days``, ``on_no_answer`` and ``consult_fields`` (the form's fields
        its officers read; none when empty). Empty when one officer reviews and
        decides (``stages:`` of the catalogue)."""
        return [_stage(s) for s in self.definition.get("stages", [])]

    @property
    def escalation(self) -> dict[str, Any] | None:
        """``{days_before_deadline, to}``: a pending case is escalated to officers of the role
        ``to`` that many working days before its due date; None: never."""
        found = self.definition.get("escalation")
        return dict(found) if found else None

    @property
    def applicant(self) -> str:
        """Who applies: ``person`` (a citizen, or someone acting for them) or ``company`` (a
        legal entity, in whose name its head or holder of its certificate applies)."""
        return str(self.definition.get("applicant", "person"))

    @property
    def visit(self) -> dict[str, Any] | None:
        """``{purpose, once_in_days}`` when the applicant comes to a service centre once (the
        photo for the ID card); None when the service needs no visit."""
        visit = self.definition.get("visit")
        return dict(visit) if visit else None

    @property
    def attachments(self) -> list[dict[str, Any]]:
        """Documents the applicant attaches (``attachments:`` of the catalogue): each with its
        ``id``, ``label``, ``help``, ``required``, ``types`` (MIME types) and ``max_mb``."""
        return [dict(kind) for kind in self.definition.get("attachments", [])]


def _stage(found: dict[str, Any]) -> dict[str, Any]:
    stage = {
        "stage": found["stage"],
        "role": found.get("role", CONSULTED if "consult" in found else "reviewer"),
        "four_eyes": bool(found.get("four_eyes")),
        "title": found.get("title"),
    }
    if "consult" in found:
        stage |= {
            "consult": found["consult"],
            "term_days": int(found["term_days"]),
            "on_no_answer": found.get("on_no_answer", "proceed"),
            "consult_fields": list(found.get("consult_fields") or []),
        }
    return stage


class LifeSituation(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    current = models.ForeignKey(
        "LifeSituationVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class LifeSituationVersion(models.Model):
    life_situation = models.ForeignKey(
        LifeSituation, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField()
    definition = models.JSONField(help_text="The life situation as loaded from its YAML file.")
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["life_situation", "version"], name="life_situation_version_once"
            )
        ]
        ordering = ["life_situation__slug", "version"]

    def __str__(self) -> str:
        return f"{self.life_situation.slug} v{self.version}"

    @property
    def slug(self) -> str:
        return str(self.definition["id"])

    @property
    def title(self) -> dict[str, str]:
        return dict(self.definition["title"])

    @property
    def questions(self) -> list[dict[str, Any]]:
        return list(self.definition["questions"])


class OfferRule(models.Model):
    """A rule that turns a registry event into offers (``catalog/offers/ID.yaml``)."""

    slug = models.SlugField(max_length=64, unique=True)
    current = models.ForeignKey(
        "OfferRuleVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class OfferRuleVersion(models.Model):
    rule = models.ForeignKey(OfferRule, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    definition = models.JSONField(help_text="The offer rule as loaded from its YAML file.")
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="offer_rule_version_once")
        ]
        ordering = ["rule__slug", "version"]

    def __str__(self) -> str:
        return f"{self.rule.slug} v{self.version}"

    @property
    def event(self) -> str:
        return str(self.definition["event"])

    @property
    def title(self) -> dict[str, str]:
        return dict(self.definition["title"])

    @property
    def description(self) -> dict[str, str]:
        return dict(self.definition["description"])


from qyzmet.catalog.centres import ServiceCentre  # noqa: E402,F401
from qyzmet.catalog.reasons import ReasonTemplate  # noqa: E402,F401
