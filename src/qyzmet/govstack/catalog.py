"""Services and their eForms: qyzmet's catalogue services, and each version's form (a JSON
Schema). Open to everybody, like the catalogue of ``/api/v1/``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from qyzmet.catalog.models import Service, ServiceVersion
from qyzmet.catalog.selectors import current_services
from qyzmet.core.errors import NotFound
from qyzmet.core.money import mci_to_tiyn
from qyzmet.core.texts import pick
from qyzmet.govstack.client import ClientHeader, parse_client
from qyzmet.govstack.errors import GovStackError
from qyzmet.govstack.schemas import Text

router = Router(tags=["Available Services"])
SEPARATOR = ".v"  # eForm id: "<service id>.v<version>"; a service id never holds a dot
LONGEST_VERSION = 9


def eform_id(version: ServiceVersion) -> str:
    return f"{version.slug}{SEPARATOR}{version.version}"


def service_body(version: ServiceVersion) -> list[dict[str, str]]:
    """What GovStack's ``service`` has no field for, as code and value pairs."""
    agency = version.service.agency
    pairs = {
        "agency": agency.slug,
        "agencyName": pick(agency.name),
        "eFormId": eform_id(version),
        "feeMci": f"{version.fee_mci:g}",
        "feeTenge": str(round(mci_to_tiyn(version.fee_mci) / 100)),
        "deadlineWorkingDays": str(version.deadline_days),
        "result": str(version.definition["result"]["kind"]),
        "registryData": ", ".join(version.registry_data),
    }
    return [{"code": code, "value": value} for code, value in pairs.items()]


def service_out(service: Service) -> dict[str, Any]:
    version = service.current
    assert version is not None
    return {
        "id": service.slug,
        "name": pick(version.title),
        "version": str(version.version),
        "type": "Public",
        "isExecutable": True,
        "isClosed": False,
        "description": pick(version.definition["description"]),
        "serviceBody": service_body(version),
    }


def eform_out(version: ServiceVersion, *, with_schema: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "eFormId": eform_id(version),
        "name": pick(version.title),
        "description": pick(version.definition["description"]),
        "version": str(version.version),
        "latest": version.service.current_id == version.pk,
    }
    if with_schema:
        found["schema"] = version.form
    return found


def _matches(service: Service, name: str) -> bool:
    assert service.current is not None
    words = name.casefold()
    return words in service.slug or any(
        words in t.casefold() for t in service.current.title.values()
    )


def current_service(service_id: str) -> Service:
    service = current_services().filter(slug=service_id).first()
    if service is None:
        raise NotFound("not_found.service")
    return service


@router.get("/services", auth=None)
def list_services(
    request: HttpRequest, name: Text | None = None, client: str | None = ClientHeader
) -> list[dict[str, Any]]:
    """Every current service; ``name`` keeps those whose id or title (kk, ru, en) holds it."""
    parse_client(client, required=False)
    services = current_services().select_related("current__service__agency")
    return [service_out(s) for s in services if not name or _matches(s, name)]


@router.get("/services/{serviceId}", auth=None)
def get_service(
    request: HttpRequest, serviceId: Text, client: str | None = ClientHeader
) -> dict[str, Any]:
    """One service: its name, description, agency, fee, deadline and eForm."""
    parse_client(client, required=False)
    return service_out(current_service(serviceId))


@router.get("/services/{serviceId}/eForms", auth=None)
def list_eforms(
    request: HttpRequest, serviceId: Text, client: str | None = ClientHeader
) -> list[dict[str, Any]]:
    """The forms of every version of a service, the current one marked ``latest``; an empty
    list for an unknown service, as GovStack defines no 404 here."""
    parse_client(client, required=False)
    versions = ServiceVersion.objects.filter(
        service__slug=serviceId, service__current__isnull=False
    )
    return [eform_out(v) for v in versions.select_related("service").order_by("version")]


@router.get("/eForms/{eFormId}", auth=None)
def get_eform(request: HttpRequest, eFormId: Text, client: str | None = ClientHeader) -> dict:
    """One eForm with its JSON Schema (``x-label``, ``x-help``, ``x-order`` in kk/ru/en)."""
    parse_client(client, required=False)
    return eform_out(eform_by_id(eFormId), with_schema=True)


def eform_by_id(value: str) -> ServiceVersion:
    slug, separator, number = value.rpartition(SEPARATOR)
    if not separator or not number.isdecimal() or len(number) > LONGEST_VERSION:
        raise GovStackError(404, "govstack.not_found_eform")
    version = (
        ServiceVersion.objects.filter(service__slug=slug, version=int(number))
        .select_related("service__agency")
        .first()
    )
    if version is None:
        raise GovStackError(404, "govstack.not_found_eform")
    return version
