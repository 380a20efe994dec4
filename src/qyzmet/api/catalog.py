"""Catalogue endpoints: life situations and services, in all three languages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from qyzmet.api.schemas import (
    LifeSituationDetail,
    LifeSituationSummary,
    ServiceDetail,
    ServiceSummary,
)
from qyzmet.catalog.selectors import (
    life_situation_summary,
    life_situations_now,
    service_summary,
    services_now,
)
from qyzmet.core.errors import NotFound
from qyzmet.core.money import mci_to_tiyn

router = Router(tags=["catalogue"])


@router.get("/life-situations", response=list[LifeSituationSummary], auth=None)
def list_life_situations(request: HttpRequest) -> list[dict[str, Any]]:
    """Every life situation with the services it may bundle."""
    return [life_situation_summary(s) for s in life_situations_now()]


@router.get("/life-situations/{situation_id}", response=LifeSituationDetail, auth=None)
def get_life_situation(request: HttpRequest, situation_id: str) -> dict[str, Any]:
    """One life situation: its questions and which answers select which services."""
    situation = next((s for s in life_situations_now() if s.slug == situation_id), None)
    if situation is None or situation.current is None:
        raise NotFound("not_found.life_situation")
    definition = situation.current.definition
    return {
        **life_situation_summary(situation),
        "description": definition["description"],
        "questions": definition["questions"],
        "service_conditions": definition["services"],
        "phrasings": definition["phrasings"],
    }


@router.get("/services", response=list[ServiceSummary], auth=None)
def list_services(request: HttpRequest) -> list[dict[str, Any]]:
    """Every service with its agency, fee and legal deadline."""
    return [service_summary(s) for s in services_now()]


@router.get("/services/{service_id}", response=ServiceDetail, auth=None)
def get_service(request: HttpRequest, service_id: str) -> dict[str, Any]:
    """One service: its form (JSON Schema), registry data, steps and fee."""
    service = next((s for s in services_now() if s.slug == service_id), None)
    if service is None or service.current is None:
        raise NotFound("not_found.service")
    version = service.current
    return {
        **service_summary(service),
        "description": version.definition["description"],
        "fee_tenge": round(mci_to_tiyn(version.fee_mci) / 100),
        "fee_paid": version.definition.get("fee_paid", "in_person"),
        "fee_exemptions": version.fee_exemptions,
        "refund_on_rejection": version.refund_on_rejection,
        "attachments": version.attachments,
        "registry_data": version.registry_data,
        "form": version.form,
        "steps": version.steps,
        "phrasings": version.definition["phrasings"],
    }
