"""Service centres in the catalogue: validated with the path of each mistake, loaded like
agencies (changed in place, audited), and a service with a visit needs a centre serving it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from qyzmet.audit.models import AuditRecord
from qyzmet.catalog.centres import ServiceCentre
from qyzmet.catalog.documents import read_catalog
from qyzmet.catalog.services import load_catalog
from qyzmet.catalog.validation import read_and_validate

CATALOG = Path(settings.CATALOG_DIR)
CENTRES = yaml.safe_load((CATALOG / "service-centres.yaml").read_text())


def problems_of(tmp_path: Path, data: Any) -> list[str]:
    path = tmp_path / "service-centres.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    problems = read_and_validate([path], catalog_dir=CATALOG)[1]
    return [f"{p.path}: {p.message}" for p in problems]


def centres(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CENTRES)
    data["service_centres"][0].update(changes)
    return data


def test_the_demo_centres_are_valid(tmp_path):
    assert problems_of(tmp_path, CENTRES) == []


def test_a_bad_time_and_a_missing_translation_are_named(tmp_path):
    hours = {"mon": ["9:00", "18:00"]}
    problems = problems_of(tmp_path, centres(opening_hours=hours, name={"kk": "a", "ru": "b"}))
    assert any(p.startswith("service_centres[0].opening_hours.mon[0]:") for p in problems)
    assert any(p.startswith("service_centres[0].name:") and "'en'" in p for p in problems)


def test_hours_must_close_after_they_open_and_hold_a_slot(tmp_path):
    hours = {"mon": ["18:00", "09:00"], "sat": ["09:00", "09:10"]}
    problems = problems_of(tmp_path, centres(opening_hours=hours))
    assert "service_centres[0].opening_hours.mon: closes at 09:00, not after 18:00" in problems
    assert any(p.startswith("service_centres[0].services[0].slot_minutes:") for p in problems)


def test_unknown_agencies_and_services_without_a_visit_are_refused(tmp_path):
    served = [{"service": "id-card", "slot_minutes": 20, "capacity": 1},
              {"service": "passport", "slot_minutes": 20, "capacity": 1},
              {"service": "no-such", "slot_minutes": 20, "capacity": 1}]  # fmt: skip
    problems = problems_of(tmp_path, centres(agency="ministry-of-magic", services=served))
    assert (
        "service_centres[0].agency: unknown agency 'ministry-of-magic' (not in agencies.yaml)"
        in problems
    )
    assert (
        "service_centres[0].services[1].service: service 'passport' has no 'visit': "
        "nothing to book" in problems
    )
    assert "service_centres[0].services[2].service: unknown service 'no-such'" in problems


def test_a_service_with_a_visit_needs_a_centre_serving_it(tmp_path):
    data = copy.deepcopy(CENTRES)
    for centre in data["service_centres"]:
        centre["services"] = [{"service": "passport", "slot_minutes": 20, "capacity": 1}]
    problems = problems_of(tmp_path, data)
    assert "visit: no service centre serves this service (service-centres.yaml)" in problems


@pytest.mark.django_db
def test_changed_hours_are_loaded_in_place_and_audited(tmp_path):
    data = centres(opening_hours={"mon": ["10:00", "12:00"]})
    path = tmp_path / "service-centres.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    report = load_catalog(catalog=read_catalog([path]))
    assert report.loaded == ["service centre astana-yesil"]
    centre = ServiceCentre.objects.get(slug="astana-yesil")
    assert centre.opening_hours == [("mon", "10:00", "12:00")]
    assert AuditRecord.objects.filter(action="service_centre.loaded", object_id=str(centre.pk))
